// Type declarations for unix-crypt-td-js, which ships none.
declare module 'unix-crypt-td-js' {
  /** Traditional DES crypt(3) of `password` with the two-character `salt`. */
  export default function unixCrypt(password: string, salt: string): string;
}
