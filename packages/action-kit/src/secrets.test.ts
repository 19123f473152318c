import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { maskSecret } from './secrets';

let printed: string;
let writeSpy: ReturnType<typeof jest.spyOn>;
beforeEach(() => {
  printed = '';
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
});
afterEach(() => writeSpy.mockRestore());

// Decodes the workflow-command escaping the runner undoes before masking.
const unescape = (value: string) => value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const masked = () =>
  printed
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
    .map((l) => unescape(l.slice(12)));

describe('maskSecret', () => {
  it('masks each line of a multi-line key, since the runner masks line by line', () => {
    maskSecret('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    expect(masked()).toEqual(expect.arrayContaining(['b3BlbnNzaC1rZXktdjEAAAAA']));
  });

  it('masks the password of a URL in raw and decoded form, and a webhook path', () => {
    maskSecret('smtps://mailer:p%40ss%2Fword@smtp.example.com:465');
    expect(masked()).toEqual(expect.arrayContaining(['p%40ss%2Fword', 'p@ss/word']));
    maskSecret('https://hooks.slack.com/services/T000/B000/XXXXXXXX');
    expect(masked()).toContain('/services/T000/B000/XXXXXXXX');
  });

  it('does nothing for an unset value', () => {
    maskSecret('');
    maskSecret(undefined);
    expect(masked()).toEqual([]);
  });
});
