import { describe, expect, it } from 'vitest';
import { countFields, sniffDelimiter, splitRecords } from './csv-sniff.js';

describe('sniffDelimiter', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b\n1,5;2\n3,5;4\n'],
    ['\t', 'a\tb\n1\t2\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('finds %j', (delimiter, text) => {
    expect(sniffDelimiter(text, '"', true)).toBe(delimiter);
  });

  it('ignores delimiters inside quotes and survives one ragged row', () => {
    expect(sniffDelimiter('name;note\n"a,b,c";x\n"d,e";y\n', '"', true)).toBe(';');
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n', '"', true)).toBe(',');
  });

  it('reports no delimiter for a single column', () => {
    expect(sniffDelimiter('value\n1\n2\n', '"', true)).toBeUndefined();
  });
});

describe('records', () => {
  it('keeps quoted newlines inside a record and drops a cut-off last line', () => {
    expect(splitRecords('a,b\n"x\ny",2\n3,4', '"', false)).toEqual(['a,b', '"x\ny",2']);
    expect(splitRecords('a,b\r\n1,2', '"', true)).toEqual(['a,b', '1,2']);
    expect(countFields('"a,b",c,d', ',', '"')).toBe(3);
  });
});
