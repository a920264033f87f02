// DokuWiki's deaccent table for lower-case letters (inc/Utf8/tables/loweraccents.php, used by
// cleanID with `deaccent` = 1), so that page ids and anchors fold exactly the letters DokuWiki
// folds and an imported wiki keeps its URLs. Letters outside it (œ, ǎ, Vietnamese ế, Turkish
// dotted i̇ …) stay as they are, as they do in DokuWiki. Written as the ASCII replacement
// followed by every letter that becomes it.
const FOLDS: ReadonlyArray<readonly [string, string]> = [
  ['a', 'áàăâåãąā'],
  ['ae', 'äæ'],
  ['b', 'ḃ'],
  ['c', 'ćĉčċç'],
  ['d', 'ďḋđ'],
  ['dh', 'ð'],
  ['e', 'éèĕêěëėęē'],
  ['f', 'ḟƒ'],
  ['g', 'ğĝġģ'],
  ['h', 'ĥħ'],
  ['i', 'íìîïĩįīı'],
  ['j', 'ĵ'],
  ['k', 'ķ'],
  ['l', 'ĺľļł'],
  ['m', 'ṁ'],
  ['n', 'ńňñņ'],
  ['o', 'óòôőõøōơ'],
  ['oe', 'ö'],
  ['p', 'ṗ'],
  ['r', 'ŕřŗ'],
  ['s', 'śŝšṡşș'],
  ['ss', 'ß'],
  ['t', 'ťṫţțŧ'],
  ['th', 'þ'],
  ['u', 'úùŭûůűũųūưµ'],
  ['ue', 'ü'],
  ['w', 'ẃẁŵẅ'],
  ['y', 'ýỳŷÿ'],
  ['z', 'źžż'],
];

const TABLE: ReadonlyMap<string, string> = new Map(
  FOLDS.flatMap(([ascii, letters]) => Array.from(letters, (letter) => [letter, ascii] as const)),
);
const FOLDED = new RegExp(`[${[...TABLE.keys()].join('')}]`, 'gu');

/** Folds the lower-case accented letters of DokuWiki's table; expects lower-cased NFC text. */
export function deaccent(text: string): string {
  return text.replace(FOLDED, (letter) => TABLE.get(letter) ?? letter);
}
