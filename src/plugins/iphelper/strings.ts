// iphelper's strings in English and French; the contract's type makes both have the same keys.
import type { PluginStrings } from '../plugin.js';

const en = {
  description: 'Subnet calculator: network, usable addresses, broadcast, mask and reverse zone of an IPv4 or IPv6 subnet.',
  title: 'Subnet calculator',
  intro: 'Give an address with a prefix length (such as /24) or a subnet mask; with JavaScript the results follow as you type.',
  address: 'IP address',
  prefix: 'Prefix length or subnet mask',
  prefixPlaceholder: '24 or 255.255.255.0',
  calculate: 'Calculate',
  network: 'Network address',
  first: 'First usable address',
  last: 'Last usable address',
  broadcast: 'Broadcast address',
  mask: 'Subnet mask',
  cidr: 'CIDR',
  usable: 'Usable addresses',
  reverse: 'Reverse zone',
  'error.empty': 'Enter an IP address.',
  'error.address': 'This is not a valid IPv4 or IPv6 address.',
  'error.prefix': 'The prefix length must be a whole number from 0 to {max}.',
  'error.prefixMissing': 'Give a prefix length (such as /24) or a subnet mask (such as 255.255.255.0).',
  'error.mask': 'The subnet mask must be four numbers from 0 to 255 whose one bits are contiguous, such as 255.255.255.0.',
  'error.maskFamily': 'A dotted subnet mask is for IPv4 addresses only; give an IPv6 address a prefix length such as /64.',
  'error.conflict': 'The prefix length and the subnet mask disagree: give only one of them.',
} as const;

type Key = keyof typeof en;

const fr: Record<Key, string> = {
  description: 'Calculatrice de sous-réseaux : réseau, adresses utilisables, diffusion, masque et zone inverse d’un sous-réseau IPv4 ou IPv6.',
  title: 'Calculatrice de sous-réseau',
  intro: 'Donnez une adresse avec une longueur de préfixe (par exemple /24) ou un masque de sous-réseau ; avec JavaScript, les résultats suivent votre saisie.',
  address: 'Adresse IP',
  prefix: 'Longueur de préfixe ou masque de sous-réseau',
  prefixPlaceholder: '24 ou 255.255.255.0',
  calculate: 'Calculer',
  network: 'Adresse du réseau',
  first: 'Première adresse utilisable',
  last: 'Dernière adresse utilisable',
  broadcast: 'Adresse de diffusion',
  mask: 'Masque de sous-réseau',
  cidr: 'CIDR',
  usable: 'Adresses utilisables',
  reverse: 'Zone inverse',
  'error.empty': 'Saisissez une adresse IP.',
  'error.address': 'Ce n’est pas une adresse IPv4 ou IPv6 valide.',
  'error.prefix': 'La longueur de préfixe doit être un nombre entier de 0 à {max}.',
  'error.prefixMissing': 'Indiquez une longueur de préfixe (par exemple /24) ou un masque de sous-réseau (par exemple 255.255.255.0).',
  'error.mask': 'Le masque de sous-réseau doit compter quatre nombres de 0 à 255 dont les bits à 1 sont contigus, comme 255.255.255.0.',
  'error.maskFamily': 'Un masque en notation pointée ne vaut que pour IPv4 ; donnez à une adresse IPv6 une longueur de préfixe comme /64.',
  'error.conflict': 'La longueur de préfixe et le masque ne concordent pas : n’en donnez qu’un des deux.',
};

export const strings: PluginStrings<Key> = { en, fr };
export type IphelperKey = Key;
