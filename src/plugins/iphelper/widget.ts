// In the browser: recomputes every iphelper widget of the page as the user types, with subnet.js,
// the module the server computes with. The form still submits to the server without this script.
import { calculateSubnet, describeSubnet, SUBNET_FIELDS, type SubnetResult } from './subnet.js';

function show(root: HTMLElement, result: SubnetResult | null): void {
  const lang = root.dataset.lang ?? document.documentElement.lang;
  const fields = result?.ok ? describeSubnet(result.subnet, lang) : null;
  const results = root.querySelector<HTMLElement>('.iphelper__results');
  if (results) results.hidden = fields === null;
  for (const field of SUBNET_FIELDS) {
    const output = root.querySelector<HTMLElement>(`[data-field="${field}"]`);
    if (output) output.textContent = fields ? fields[field] : '';
  }
  const error = root.querySelector<HTMLElement>('[data-field="error"]');
  if (error) {
    const message = result && !result.ok ? (root.getAttribute(`data-error-${result.error.toLowerCase()}`) ?? result.error) : '';
    error.textContent = result && !result.ok ? message.replace('{max}', String(result.max)) : '';
    error.hidden = error.textContent === '';
  }
  for (const name of ['ip', 'prefix']) {
    const input = root.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) continue;
    if (result && !result.ok && result.field === name) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function attach(root: HTMLElement): void {
  const form = root.querySelector('form');
  if (!form) return;
  const value = (name: string) => root.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
  const update = () => {
    const ip = value('ip');
    const prefix = value('prefix');
    show(root, ip.trim() === '' && prefix.trim() === '' ? null : calculateSubnet({ ip, prefix }));
  };
  form.addEventListener('input', update);
}

for (const root of document.querySelectorAll<HTMLElement>('[data-iphelper]')) attach(root);
