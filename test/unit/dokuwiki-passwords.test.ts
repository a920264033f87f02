// DokuWiki password hashes (issue 12): every format DokuWiki's PassHash verifies, with hashes made by
// the real algorithms: DokuWiki's own PassHash (PHP 8.2, DokuWiki 2022-07-31 from Debian) and
// `openssl passwd -1 / -5 / -6 / -apr1`. The password is 'Tr0ub4dor&3', or 'mot de passé' (UTF-8).
import { describe, expect, it } from 'vitest';
import { isDokuwikiHash, verifyDokuwikiHash } from '../../src/dokuwiki/passwords.js';

const PASSWORD = 'Tr0ub4dor&3';
const UTF8_PASSWORD = 'mot de passé';
const UPGRADED = '$S$DaO2YnBoe4BxobndL28zYt//Sz.zeHldapn7Yq4iGJNeRgWXNlKP';

const hashes: Array<[string, string]> = [
  ['smd5', '$1$6IQB2NPP$aBI05vaRP9DOjh.dpr/6e.'],
  ['apr1', '$apr1$yOekzLJk$ZA1B8fXxqPnUG1JZ4eHio.'],
  ['md5', '4ece57a61323b52ccffdbef021956754'],
  ['sha1', '874572e7a5ae6a49466a6ac578b98adba78c6aa6'],
  ['ssha', '{SSHA}TcYmcIXbmD3m8A8DegvzmXfPvf43cVpJ'],
  ['lsmd5', '{SMD5}eL534YtftXYJWCuxbFtCdnlRZTd2VWp6'],
  ['crypt', 'vM/YUDlhK0iV6'],
  ['my411', '*9891EB673803707448795EFFAB876462FD714285'],
  ['kmd5', '34e626a0c676901atl4c2ab8b334a91df2'],
  ['pmd5', '$P$6dhMqHyQFLrYoYta1zHrvWJZ4q5BJe0'],
  ['hmd5', '$H$6tL5GdO5ZLro2ShdPxcQf6ey9Ifhco.'],
  ['drupal_sha512', '$S$D4YA9hJQ6EP18xv8NlXaasUfTZp7fjPKF6D85DW9pQpqx7VUuxcj'],
  ['djangosha1', 'sha1$nMy5t$6504ab1914f8f461ab92fff33cfd39f41257f730'],
  ['djangomd5', 'md5$ysArs$4ce676fcf1f3e6d011837c6867eade91'],
  ['djangopbkdf2_sha256', 'pbkdf2_sha256$24000$aMwRvkEKPM6M$5N/5q/2uh0M6qNaPEwk+XwWuc5Z2avPZs3YME4XLVM0='],
  ['djangopbkdf2_sha1', 'pbkdf2_sha1$24000$DeVeO6dTHb70$ZTvAGeaXE8qUOwYMosZQzEvpK6g='],
  ['seafilepbkdf2', 'PBKDF2SHA256$10000$0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff$580a114b6e2b8fab42cb1ea3be7533c8eac71dee5c153616d595888a1088446f'],
  ['bcrypt', '$2y$10$5ZwOgJck52YOVpRZDtCVZ.l7CKm/2NI6ppL.9QdfSg6rQSBVomeje'],
  ['sha256', '$5$YE0meJ4g$wXRjzlhlQN7VNMmu2mQeCebwM3uyVHLkgPqT6R2xTA1'],
  ['sha512', '$6$B8Q7vTkt$hkJVKlazpGGen.P40nb/S0Sf3YMrn.815gSRbCXOv.ow6S1GqRK3GMCnpM8e3WOtV.9hqFMVGEV1f8LvTJJhA1'],
  ['mediawiki', ':B:iBy8AXgL:5e30b99effe958e1397a6003bda31003'],
  ['openssl passwd -1', '$1$saltsalt$ueg/7ujBFDpyKLR2vs28p1'],
  ['openssl passwd -6 (rounds=5000)', '$6$rounds=5000$abcdefgh$4U6jebhBw.wRMvkXtOStfkrjBM/.iDeiWvfh4qpnUke7UGqEpD4aifufCgop0XRNXWgsGN1Da9is/9zY7KCTl.'],
  ['openssl passwd -6', '$6$qwertyui$QPzO5iHY73TlLLJoUpsosN3F93r6VBP5XO2CvqHE3B2JyH/3v76VIgpm2U.7RdXtIVGhNQNbm1b7.OoOpJf591'],
  ['openssl passwd -5 (rounds=10000)', '$5$rounds=10000$asdfghjk$giybO/6h4qqDpBQ6y3bfmNheZzQL6t5bh0T7vSBH5DD'],
  ['openssl passwd -apr1', '$apr1$q1w2e3r4$3hxz/16i2.bENn57qZ0PE/'],
];

const utf8Hashes: Array<[string, string]> = [
  ['smd5', '$1$weGwlR0F$HIINSem4pR3ufa0dwo7bs.'],
  ['apr1', '$apr1$F4KTDNSU$4KlCE4eFFTmiq16IXz3Nv0'],
  ['md5', '1ca82570da2d1988e31700cea6f535d3'],
  ['sha1', 'b5d7237fc28837c426472b87e92cfa42a531928a'],
  ['ssha', '{SSHA}ilnmqIa5tW5oGdloaXTiLSPbB/ViRDdx'],
  ['lsmd5', '{SMD5}fuf2vfntmj7Ew5PSZa0p3EpCRll3Njlp'],
  ['crypt', 'oz35bJ2cGbVgk'],
  ['my411', '*3325724AE39A4CDC2719EE13C8B4B8C376B6E138'],
  ['kmd5', '69dd300adc5f85b2Z6e3dbdc867412f9f6'],
  ['pmd5', '$P$63aGMJU8VCTD/kHC4GHWgJqh0zR.4Z1'],
  ['hmd5', '$H$6BRhCpUzW2z/iUlNPVFlmeIMFzoItw/'],
  ['drupal_sha512', '$S$DwIQHOq7RQdV6faMZkC3hToVCx8D/wm4/P4ISwYwy.qmr9xUlmhE'],
  ['djangosha1', 'sha1$BBGH3$057e144caa8782bf30d601f806b1804911c3fc19'],
  ['djangomd5', 'md5$oK8tT$49e529e3d5c5d25fe4622a55a5baaf14'],
  ['djangopbkdf2_sha256', 'pbkdf2_sha256$24000$SqGvy2HSV3UZ$N8pxoot4y9QWiDyCOwELRXVM1MqnNGrAyrKFUK0pOLE='],
  ['djangopbkdf2_sha1', 'pbkdf2_sha1$24000$t1YHYFwtSOf7$A7F5rlOHCW1T9eaZtqcfoCwKqEs='],
  ['bcrypt', '$2y$10$pUZWBaJ49rmi6NQez0PyhOEuc0ZhSnHbufGcIH2UGaS.vhNXDizpq'],
  ['sha256', '$5$XGBoIXW8$/3FxCb.lmU.dBtGVMqMC/6Vcs26Nl3JMRjvkg.t9kL2'],
  ['sha512', '$6$XD3m0rmt$OPBQxJ/9aZjOUM6LDGrEbEnP75Y5IIShPTZERDlTPvGouw1803Jmu31kBB1sD4SpE7xQlVcZjbnKINVQrOOwC/'],
  ['mediawiki', ':B:TEth4ly5:5ba8fac32c0fa32f2d9bbb0228cdedee'],
];

describe('verifyDokuwikiHash', () => {
  it.each(hashes)('%s accepts the right password', (_format, hash) => {
    expect(isDokuwikiHash(hash)).toBe(true);
    expect(verifyDokuwikiHash(hash, PASSWORD)).toBe(true);
  });

  it.each(hashes)('%s refuses a wrong one', (_format, hash) => {
    expect(verifyDokuwikiHash(hash, 'tr0ub4dor&3')).toBe(false);
    expect(verifyDokuwikiHash(hash, '')).toBe(false);
  });

  it.each(utf8Hashes)('%s with a UTF-8 password', (_format, hash) => {
    expect(verifyDokuwikiHash(hash, UTF8_PASSWORD)).toBe(true);
    expect(verifyDokuwikiHash(hash, 'Mot de passé')).toBe(false);
  });

  // MySQL's OLD_PASSWORD('password'), as MySQL computes it. DokuWiki's PHP port overflows into
  // floats on 64-bit PHP for longer passwords, so its own output is not a reference there.
  it('mysql (OLD_PASSWORD) accepts the right password', () => {
    expect(verifyDokuwikiHash('5d2e19393cc5ef67', 'password')).toBe(true);
    expect(verifyDokuwikiHash('5d2e19393cc5ef67', 'Password')).toBe(false);
  });

  it('reads Drupal\'s updated hashes (U + a hash of md5(password))', () => {
    // $S$ of md5('Tr0ub4dor&3') made with DokuWiki's PassHash::hash_drupal_sha512.
    expect(verifyDokuwikiHash('U' + UPGRADED, PASSWORD)).toBe(true);
  });

  // Costs past anything DokuWiki writes: refused without running (a crafted import must not hold
  // the event loop for minutes at one log-in). Were they run, these would take hours.
  it.each([
    ['bcrypt at cost 31', '$2y$31$pUZWBaJ49rmi6NQez0PyhOEuc0ZhSnHbufGcIH2UGaS.vhNXDizpq'],
    ['sha512-crypt with 999,999,999 rounds', '$6$rounds=999999999$XD3m0rmt$OPBQxJ/9aZjOUM6LDGrEbEnP75Y5IIShPTZERDlTPvGouw1803Jmu31kBB1sD4SpE7xQlVcZjbnKINVQrOOwC/'],
    ['django pbkdf2 with 2,000,000,000 iterations', 'pbkdf2_sha256$2000000000$SqGvy2HSV3UZ$N8pxoot4y9QWiDyCOwELRXVM1MqnNGrAyrKFUK0pOLE='],
  ])('%s: refused unread', (_name, hash) => {
    expect(verifyDokuwikiHash(hash, PASSWORD)).toBe(false);
  });

  it.each([
    ['argon2 is Quire\'s own format', '$argon2id$v=19$m=65536,t=4,p=1$VG02QjFRR1Ztbm1PcU54NA$9yYJxDgRGq81CZ3JSO7FzPm7eCFkXCPDlIRiKSUCDog'],
    ['an empty hash', ''],
    ['a disabled account marker', '!'],
  ])('%s: not verified here', (_name, hash) => {
    expect(isDokuwikiHash(hash)).toBe(false);
    expect(verifyDokuwikiHash(hash, PASSWORD)).toBe(false);
  });
});
