import { describe, expect, it } from '@jest/globals';
import { InputError, UserError } from './errors';

describe('InputError', () => {
  it('names the input and says what is wrong, as a UserError (one ::error:: line, no stack)', () => {
    const error = new InputError('push', 'must be true or false (got "yes")');
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('Input "push" must be true or false (got "yes")');
    expect(error.input).toBe('push');
  });

  it('keeps its message on one line whatever value the problem quotes', () => {
    const error = new InputError('platforms', 'must be os/arch (got "linux\r\n::error::x\0")');
    expect(error.message).toBe('Input "platforms" must be os/arch (got "linux\\r\\n::error::x\\0")');
    expect(error.problem).toBe('must be os/arch (got "linux\\r\\n::error::x\\0")');
  });
});
