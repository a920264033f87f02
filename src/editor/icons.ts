// The toolbar's icons: SVG path data on a 24×24 grid, drawn as a 2-unit round stroke in the text
// colour (the toolbar partial wraps each in an <svg>), so they follow the light and dark palettes.
export const ICONS = {
  bold: 'M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z',
  italic: 'M19 4h-9M14 20H5M15 4 9 20',
  strike: 'M16 5.5C15 4.5 13.5 4 12 4c-2.8 0-4.5 1.6-4.5 3.5 0 1.2.6 2.2 1.8 2.9M4 12h16M15.3 14c.8.7 1.2 1.5 1.2 2.5 0 2-1.9 3.5-4.5 3.5-1.9 0-3.5-.6-4.5-1.8',
  heading: 'M6 4v16M18 4v16M6 12h12',
  link: 'M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7.1-7.1l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7.1 7.1l1.7-1.7',
  media: 'M3 5h18v14H3zM3 16l5-5 5 5M13 14l3-3 5 5M15.5 8.5h.01',
  code: 'M16 18l6-6-6-6M8 6l-6 6 6 6',
  codeBlock: 'M4 4h16v16H4zM10 9l-3 3 3 3M14 9l3 3-3 3',
  quote: 'M5 7h5v5H5zM10 12c0 3-1.5 5-4 6M14 7h5v5h-5zM19 12c0 3-1.5 5-4 6',
  bulletList: 'M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01',
  numberedList: 'M10 6h11M10 12h11M10 18h11M4 4.5 5 4v4M3.5 14a1 1 0 1 1 2 .5L3.5 17h2',
  table: 'M3 4h18v16H3zM3 10h18M3 15h18M9 4v16M15 4v16',
  footnote: 'M3 9h10M3 14h10M3 19h6M18 4v7M16.5 5.5 18 4',
  rule: 'M3 12h18M6 6h12M6 18h12',
  preview: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  calculator: 'M5 3h14v18H5zM8 7h8M8 11h2M14 11h2M8 15h2M14 15h2M8 18h2M14 18h2',
} as const;
