import { describe, expect, it } from 'vitest';
import { splitSessionToken } from './session';

describe('splitSessionToken', () => {
  it('takes the token out of the printed URL', () => {
    expect(splitSessionToken('http://127.0.0.1:4000/?token=abc-_9')).toEqual({ token: 'abc-_9', cleanUrl: 'http://127.0.0.1:4000/' });
  });

  it('keeps the other parameters and the fragment', () => {
    expect(splitSessionToken('http://127.0.0.1:4000/?a=1&token=t&b=2#pane')).toEqual({
      token: 't',
      cleanUrl: 'http://127.0.0.1:4000/?a=1&b=2#pane',
    });
  });

  it('finds no token in a clean or empty one', () => {
    expect(splitSessionToken('http://127.0.0.1:4000/')).toEqual({ token: null, cleanUrl: 'http://127.0.0.1:4000/' });
    expect(splitSessionToken('http://127.0.0.1:4000/?token=')).toEqual({ token: null, cleanUrl: 'http://127.0.0.1:4000/' });
  });
});
