// File names: safe on every OS and in Obsidian links, bounded in UTF-8 bytes, deterministic on collisions.
import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../src/core/model/notebook';
import {
  noteFileName,
  noteFolder,
  sanitizeFileName,
  truncateUtf8,
  uniqueName,
} from '../../../src/core/render/file-names';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const book = (title: string, over: Partial<Notebook['info']> = {}): Notebook => ({
  entry: { bookId: '26211849', title, bookType: 0, noteCount: 1, reviewCount: 0, bookmarkCount: 0, sort: 1 },
  info: { bookId: '26211849', title, author: '弗朗索瓦·肖莱', category: '计算机-编程设计', ...over },
  chapters: [],
  allChapters: [],
  passageThoughts: [],
  reviews: [],
  otherThoughts: [],
});

describe('sanitizeFileName', () => {
  it.each([
    ['Python深度学习', 'Python深度学习'],
    ['C++/Rust: 谁更安全?', 'C++／Rust： 谁更安全？'],
    ['a\\b*c"d<e>f|g#h^i[j]k', 'a＼b＊c＂d＜e＞f｜g＃h＾i［j］k'],
    ['CON', 'CON_'],
    ['con', 'con_'],
    ['aux.md', 'aux_.md'],
    ['LPT9', 'LPT9_'],
    ['COM1.txt', 'COM1_.txt'],
    ['CONSOLE', 'CONSOLE'],
    ['title. . ', 'title'],
    ['...hidden', 'hidden'],
    ['tab\tand\nnewline\u0007bell', 'tab and newline bell'],
    ['   ', 'Untitled'],
    ['...', 'Untitled'],
    ['读书😀笔记', '读书😀笔记'],
  ])('%j → %j', (raw, expected) => expect(sanitizeFileName(raw)).toBe(expected));

  it('limits to 200 UTF-8 bytes without cutting a code point (CJK 3 bytes, emoji 4)', () => {
    const cjk = sanitizeFileName('深'.repeat(100)); // 300 bytes
    expect(bytes(cjk)).toBeLessThanOrEqual(200);
    expect(cjk).toBe('深'.repeat(66));
    const emoji = sanitizeFileName('😀'.repeat(60)); // 240 bytes
    expect(emoji).toBe('😀'.repeat(50));
    expect(truncateUtf8('a😀', 4)).toBe('a');
    expect(truncateUtf8('a😀', 5)).toBe('a😀');
  });
});

describe('noteFileName / noteFolder', () => {
  it('fills the pattern and drops dangling separators', () => {
    expect(noteFileName(book('Python深度学习'), { fileNamePattern: '{{title}}' })).toBe('Python深度学习');
    expect(noteFileName(book('Python深度学习'), { fileNamePattern: '{{title}} - {{author}}' })).toBe(
      'Python深度学习 - 弗朗索瓦·肖莱',
    );
    expect(noteFileName(book('T', { author: undefined }), { fileNamePattern: '{{title}} - {{author}}' })).toBe('T');
    expect(noteFileName(book('T'), { fileNamePattern: '{{bookId}}-{{category}}' })).toBe('26211849-计算机-编程设计');
    expect(noteFileName(book('CON'), { fileNamePattern: '{{title}}' })).toBe('CON_');
    expect(noteFileName(book('///'), { fileNamePattern: '{{title}}' })).toBe('／／／');
    expect(noteFileName(book(''), { fileNamePattern: '{{title}}' })).toBe('26211849');
  });

  it('sub-folders by category', () => {
    expect(noteFolder(book('T'), { subfolder: 'none' })).toBe('');
    expect(noteFolder(book('T'), { subfolder: 'category' })).toBe('计算机/编程设计');
    expect(noteFolder(book('T'), { subfolder: 'category-top' })).toBe('计算机');
    expect(noteFolder(book('T', { category: 'a/b:c-d' }), { subfolder: 'category' })).toBe('a／b：c/d');
    expect(noteFolder(book('T', { category: undefined }), { subfolder: 'category' })).toBe('');
  });
});

describe('uniqueName', () => {
  it('is the base when free, else adds the bookId, then a counter — deterministically', () => {
    const taken = new Set(['Book', 'Book (2)']);
    expect(uniqueName('Free', (n) => taken.has(n), '1')).toBe('Free');
    expect(uniqueName('Book', (n) => taken.has(n), '1')).toBe('Book (1)');
    expect(uniqueName('Book', (n) => taken.has(n), '2')).toBe('Book (2) 2');
    expect(uniqueName('Book', (n) => taken.has(n), '1')).toBe(uniqueName('Book', (n) => taken.has(n), '1'));
  });
  it('stays within the byte budget for long names', () => {
    const long = sanitizeFileName('深'.repeat(100));
    const name = uniqueName(long, (n) => n === long, 'CB_4N19Ux9VkAfJ6TB6U5');
    expect(name.endsWith(' (CB_4N19Ux9VkAfJ6TB6U5)')).toBe(true);
    expect(bytes(name)).toBeLessThanOrEqual(240);
  });
});
