// The site script, on every screen (a few hundred bytes, no editor code): on a phone the menu
// button folds the site and user tools, and the table of contents starts folded. Without it the
// tools and the contents stay open, as on a wide screen.
const PHONE = window.matchMedia('(max-width: 700px)');

function foldingMenu(): void {
  const header = document.querySelector<HTMLElement>('.site-header');
  const button = header?.querySelector<HTMLButtonElement>('button[data-menu-toggle]');
  const menu = button && document.getElementById(button.getAttribute('aria-controls') ?? '');
  if (!header || !button || !menu) return;
  const open = (expanded: boolean) => {
    button.setAttribute('aria-expanded', String(expanded));
    menu.classList.toggle('is-open', expanded);
  };
  header.classList.add('site-header--folding');
  open(false);
  button.addEventListener('click', () => open(button.getAttribute('aria-expanded') !== 'true'));
  // Escape closes the open menu and gives the focus back to its button.
  menu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    open(false);
    button.focus();
  });
}

function foldedContents(): void {
  const contents = document.querySelector<HTMLDetailsElement>('details[data-toc]');
  if (contents && PHONE.matches) contents.open = false;
}

foldingMenu();
foldedContents();
