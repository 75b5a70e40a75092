import { csvField, toCsv } from './csv';
import { USAGE_CSV_HEADER, usageCsv, usageCsvFilename } from './usage';

/** A small RFC 4180 reader, to check that what is written reads back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

describe('CSV', () => {
  it('leaves plain fields alone and quotes commas, quotes and line breaks', () => {
    expect(csvField('local:stories260k')).toBe('local:stories260k');
    expect(csvField(42)).toBe('42');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('round-trips awkward fields through a CSV reader', () => {
    const rows = [
      ['x', 'y'],
      ['a,"b"', 'line\nbreak'],
      ['', ' spaced '],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('writes a usage report with the header and one line per row', () => {
    const text = usageCsv([
      { date: '2024-03-01', model: 'local:stories260k', requests: 3, prompt_tokens: 30, completion_tokens: 60, total_tokens: 90 },
      { date: '2024-03-02', model: 'odd,"model"', requests: 1, prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    ]);
    expect(text.split('\n')[0]).toBe('date,model,requests,prompt_tokens,completion_tokens,total_tokens');
    expect(text).toBe(
      'date,model,requests,prompt_tokens,completion_tokens,total_tokens\n' +
        '2024-03-01,local:stories260k,3,30,60,90\n' +
        '2024-03-02,"odd,""model""",1,1,2,3\n',
    );
    expect(parseCsv(text)[2]).toEqual(['2024-03-02', 'odd,"model"', '1', '1', '2', '3']);
    expect(USAGE_CSV_HEADER).toHaveLength(6);
  });

  it('writes only the header for an empty report', () => {
    expect(usageCsv([])).toBe('date,model,requests,prompt_tokens,completion_tokens,total_tokens\n');
  });

  it('names the file after the range', () => {
    expect(usageCsvFilename('2024-03-01', '2024-03-07')).toBe('switchyard-usage-2024-03-01-2024-03-07.csv');
  });
});
