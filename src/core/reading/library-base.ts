/** The library Base: an Obsidian Bases file (`.base`, Obsidian ≥ 1.9) with views over the notes' properties; its text and place. */

/** File name of the Base, next to the notes (in the notes folder). */
export const LIBRARY_BASE_FILE = '微信读书书架.base';

/** A YAML single-quoted scalar (the form Bases' own files use for expressions). */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The vault path of the Base for a notes folder ('' = vault root). */
export function libraryBasePath(folder: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f ? `${f}/${LIBRARY_BASE_FILE}` : LIBRARY_BASE_FILE;
}

/**
 * The Base's text. Its views read only properties our notes carry: the template's (`author`, `category`,
 * `noteCount`, `reviewCount`) and the reading properties (`readingStatus`, `progress`, `readingTime`,
 * `finishedDate`, `lastReadingDate`, `myRating`); a note without one simply shows an empty cell.
 */
export function libraryBaseText(folder: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  const scope = [...(f ? [`file.inFolder(${JSON.stringify(f)})`] : []), 'file.ext == "md"', 'bookId.isTruthy()'];
  return [
    '# 微信读书书架 — written once by WeRead Sync, then yours: the sync never changes this file after you edit it.',
    '# ("Re-create library base" / "重新创建书架视图" writes it afresh.)',
    'filters:',
    '  and:',
    ...scope.map((s) => `    - ${quoted(s)}`),
    'formulas:',
    `  finishedYear: ${quoted('if(finishedDate, date(finishedDate).year, "")')}`,
    `  annotations: ${quoted('noteCount + reviewCount')}`,
    'properties:',
    '  note.author:',
    '    displayName: 作者',
    '  note.category:',
    '    displayName: 分类',
    '  note.readingStatus:',
    '    displayName: 阅读状态',
    '  note.progress:',
    '    displayName: 进度 (%)',
    '  note.readingTime:',
    '    displayName: 阅读时长 (分钟)',
    '  note.lastReadingDate:',
    '    displayName: 最近阅读',
    '  note.finishedDate:',
    '    displayName: 读完日期',
    '  note.myRating:',
    '    displayName: 我的评价',
    '  note.noteCount:',
    '    displayName: 划线',
    '  note.reviewCount:',
    '    displayName: 想法',
    '  formula.finishedYear:',
    '    displayName: 读完年份',
    '  formula.annotations:',
    '    displayName: 笔记总数',
    'views:',
    '  - type: table',
    '    name: 在读',
    '    filters:',
    '      and:',
    `        - ${quoted('readingStatus == "在读"')}`,
    '    order:',
    '      - file.name',
    '      - note.author',
    '      - note.progress',
    '      - note.readingTime',
    '      - note.lastReadingDate',
    '    sort:',
    '      - property: note.lastReadingDate',
    '        direction: DESC',
    '  - type: table',
    '    name: 读完 · 按年',
    '    filters:',
    '      and:',
    `        - ${quoted('readingStatus == "读完"')}`,
    '    groupBy:',
    '      property: formula.finishedYear',
    '      direction: DESC',
    '    order:',
    '      - file.name',
    '      - note.author',
    '      - note.finishedDate',
    '      - note.readingTime',
    '      - note.myRating',
    '    sort:',
    '      - property: note.finishedDate',
    '        direction: DESC',
    '  - type: table',
    '    name: 按分类',
    '    groupBy:',
    '      property: note.category',
    '      direction: ASC',
    '    order:',
    '      - file.name',
    '      - note.author',
    '      - note.readingStatus',
    '      - note.progress',
    '      - note.noteCount',
    '  - type: table',
    '    name: 笔记最多',
    '    order:',
    '      - file.name',
    '      - note.author',
    '      - note.noteCount',
    '      - note.reviewCount',
    '      - formula.annotations',
    '    sort:',
    '      - property: formula.annotations',
    '        direction: DESC',
    '    limit: 50',
    '',
  ].join('\n');
}
