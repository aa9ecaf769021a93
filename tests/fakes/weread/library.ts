// Owns the fake's libraries: loading the JSON fixture books, and generating large deterministic libraries for paging tests and the benchmark.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FixtureBook } from './fixture-types';

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Every `fixtures/*.json` book, sorted by file name. */
export function loadFixtureLibrary(): FixtureBook[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(FIXTURES_DIR + name, 'utf8')) as FixtureBook);
}

export interface GenerateLibraryOptions {
  books: number;
  highlightsPerBook: number;
  thoughtsPerBook: number;
  seed: number;
  /** The userVid in review ids; default '10000001'. */
  vid?: string;
  /** `sort` of the first (most recent) book, unix seconds; default 1779000000 (May 2026). */
  newestSort?: number;
}

/** mulberry32: small, fast and good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  '时间 世界 生活 问题 方法 系统 模型 数据 历史 社会 经济 文化 思想 理论 实践 语言 结构 过程 意义 价值 ' +
  '选择 自由 习惯 记忆 注意力 情绪 决策 风险 增长 复利 认知 学习 训练 网络 算法 函数 变量 层次 边界 秩序 ' +
  '城市 乡村 河流 山川 季节 黄昏 故乡 远方 少年 母亲 朋友 命运 孤独 勇气 温柔 沉默 光阴 书页 灯火 星辰 ' +
  '我们 他们 总是 往往 其实 因为 所以 如果 但是 然而 于是 甚至 终于 仍然 已经 可以 应该 需要 发现 理解'
).split(' ');
const SURNAMES = '王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 林 罗 高'.split(' ');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚 桂 英 华 文 博 远 然 宁'.split(' ');
const FOREIGN = ['[美]', '[英]', '[法]', '[日]', '[德]', ''];
const TITLE_TAILS = ['简史', '的艺术', '导论', '之美', '十讲', '原理', '', '手记', '的逻辑', '札记'];
const CATEGORIES = [
  '计算机-编程设计',
  '经济理财-财经',
  '文学-小说',
  '历史-中国历史',
  '心理-心理学应用',
  '哲学宗教-哲学',
];
const PUBLISHERS = ['人民邮电出版社', '中信出版集团', '上海译文出版社', '机械工业出版社', '人民文学出版社'];
const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base62(value: number, width: number): string {
  let out = '';
  let v = Math.floor(Math.abs(value));
  while (out.length < width) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** A deterministic library of `books` books, most recent first, with unique descending `sort`s. */
export function generateLibrary(opts: GenerateLibraryOptions): FixtureBook[] {
  const rand = prng(opts.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const vid = opts.vid ?? '10000001';
  const sentence = (): string => {
    const n = int(5, 14);
    let text = '';
    for (let i = 0; i < n; i += 1) {
      text += pick(WORDS);
      if (i < n - 1 && rand() < 0.18) text += '，';
    }
    return text + (rand() < 0.85 ? '。' : '！');
  };
  const phrase = (): string => pick(WORDS) + pick(WORDS);

  const out: FixtureBook[] = [];
  let sort = opts.newestSort ?? 1779000000;
  const idOffset = Math.abs(opts.seed) % 1000;

  for (let b = 0; b < opts.books; b += 1) {
    if (b > 0) sort -= int(600, 86400);
    const uploaded = b % 25 === 24;
    const bookId = uploaded
      ? `CB_${base62(rand() * 62 ** 6, 6)}${base62(b, 4)}${base62(rand() * 62 ** 6, 6)}`
      : String(30000000 + b * 1009 + idOffset);
    const title = phrase() + pick(TITLE_TAILS);
    const author = pick(FOREIGN) + pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : '');
    const cover = `https://cdn.weread.qq.com/weread/cover/${b % 100}/YueWen_${bookId}/s_YueWen_${bookId}.jpg`;
    const category = pick(CATEGORIES);

    // Chapters: parts (1) > chapters (2) > sections (3); uids are ids, shuffled against reading order.
    const chapterTotal = int(8, 28);
    const uids = Array.from({ length: chapterTotal }, (_, k) => 10 + k * 3 + int(0, 2));
    for (let k = uids.length - 1; k > 0; k -= 1) {
      const j = Math.floor(rand() * (k + 1));
      [uids[k], uids[j]] = [uids[j]!, uids[k]!];
    }
    const chapterUpdateTime = sort - int(86400 * 30, 86400 * 900);
    const counters = [0, 0, 0];
    let prevLevel = 1;
    const chapters = uids.map((chapterUid, k) => {
      const level = k === 0 ? 1 : Math.min(prevLevel + 1, rand() < 0.2 ? 1 : rand() < 0.6 ? 2 : 3);
      prevLevel = level;
      counters[level - 1]! += 1;
      for (let deeper = Math.max(level, 2); deeper < 3; deeper += 1) counters[deeper] = 0; // chapter numbers run on across parts
      const label =
        level === 1 ? `第${counters[0]}部分` : level === 2 ? `第${counters[1]}章` : `${counters[1]}.${counters[2]}`;
      return {
        chapterUid,
        chapterIdx: k + 1,
        title: `${label} ${phrase()}`,
        level,
        updateTime: chapterUpdateTime,
        wordCount: int(800, 20000),
      };
    });

    const span = int(86400 * 3, 86400 * 200);
    const firstTime = sort - span;
    const noteTotal = opts.highlightsPerBook + opts.thoughtsPerBook;
    const timeAt = (n: number): number =>
      noteTotal <= 1 ? sort : firstTime + Math.floor((span * n) / (noteTotal - 1));

    const bookmarks: Array<Record<string, unknown>> = [];
    const cursor = new Map<number, number>();
    for (let h = 0; h < opts.highlightsPerBook; h += 1) {
      const chapter = chapters[Math.floor((h * chapters.length) / opts.highlightsPerBook)]!;
      const start = (cursor.get(chapter.chapterUid) ?? int(0, 200)) + int(20, 400);
      const markText = rand() < 0.08 ? `${sentence()}\n${sentence()}` : sentence();
      const end = start + markText.length;
      cursor.set(chapter.chapterUid, end);
      const range = `${start}-${end}`;
      bookmarks.push({
        bookId,
        bookmarkId: `${bookId}_${chapter.chapterUid}_${range}`,
        chapterUid: chapter.chapterUid,
        range,
        markText,
        createTime: timeAt(h),
        type: 1,
        colorStyle: int(0, 4),
        style: int(0, 2),
        bookVersion: 0,
        chapterName: chapter.title,
      });
    }

    const reviews: FixtureBook['reviews'] = [];
    for (let t = 0; t < opts.thoughtsPerBook; t += 1) {
      const reviewId = `${vid}_${base62(rand() * 62 ** 5, 5)}${base62(b * 10000 + t, 4)}`;
      const createTime = timeAt(opts.highlightsPerBook + t);
      const content = rand() < 0.1 ? `${sentence()} #${phrase()}\n${sentence()}` : sentence();
      const base = {
        reviewId,
        bookId,
        userVid: Number(vid),
        content,
        htmlContent: `<p>${content.replace(/\n/g, '<br/>')}</p>`,
        createTime,
        star: 0,
        isPrivate: 0,
      };
      const roll = rand();
      let review: Record<string, unknown>;
      if (t === opts.thoughtsPerBook - 1 && b % 4 === 0) {
        review = { ...base, type: 4, star: pick([100, 80, 60, 40, 20]), title: '' };
      } else if (roll < 0.7 && bookmarks.length > 0) {
        const on = pick(bookmarks);
        const chapter = chapters.find((c) => c.chapterUid === on.chapterUid)!;
        review = {
          ...base,
          type: 1,
          abstract: on.markText,
          range: on.range,
          chapterUid: chapter.chapterUid,
          chapterIdx: chapter.chapterIdx,
          chapterName: chapter.title,
          chapterTitle: chapter.title,
        };
      } else if (roll < 0.85) {
        const chapter = pick(chapters);
        review = {
          ...base,
          type: 1,
          chapterUid: chapter.chapterUid,
          chapterIdx: chapter.chapterIdx,
          chapterName: chapter.title,
          chapterTitle: chapter.title,
        };
      } else {
        const chapter = pick(chapters);
        const abstract = sentence();
        const start = 100000 + t * 500;
        review = {
          ...base,
          type: 1,
          abstract,
          range: `${start}-${start + abstract.length}`,
          chapterUid: chapter.chapterUid,
          chapterIdx: chapter.chapterIdx,
          chapterName: chapter.title,
          chapterTitle: chapter.title,
        };
      }
      reviews.push({ reviewId, review });
    }

    const readingProgress = int(1, 100);
    const last = chapters[Math.min(chapters.length - 1, Math.floor((readingProgress / 100) * chapters.length))]!;
    out.push({
      notebook: {
        bookId,
        book: uploaded
          ? { bookId, title, type: 0 }
          : { bookId, title, author, cover, publishTime: `20${int(10, 24)}-0${int(1, 9)}-01 00:00:00`, type: 0 },
        noteCount: bookmarks.length,
        reviewCount: reviews.length,
        bookmarkCount: int(0, 3),
        readingProgress,
        markedStatus: readingProgress === 100 ? 4 : 2,
        sort,
      },
      info: uploaded
        ? { bookId, title, format: 'txt', type: 0 }
        : {
            bookId,
            title,
            author,
            translator: rand() < 0.3 ? pick(SURNAMES) + pick(GIVEN) : '',
            cover,
            intro: sentence() + sentence(),
            category,
            categories: [{ title: category.split('-')[1] }],
            publisher: pick(PUBLISHERS),
            publishTime: `20${int(10, 24)}-0${int(1, 9)}-01 00:00:00`,
            isbn: `97871${String(int(10000000, 99999999))}`,
            totalWords: int(50000, 800000),
            newRating: int(600, 990),
            newRatingCount: int(10, 50000),
            newRatingDetail: { myRating: '', title: '' },
            format: 'epub',
            type: 0,
          },
      bookmarks,
      reviews,
      chapters,
      chapterUpdateTime,
      progress: {
        chapterUid: last.chapterUid,
        chapterIdx: last.chapterIdx,
        progress: readingProgress,
        readingTime: int(600, 360000),
        updateTime: sort,
        isStartReading: 1,
      },
    });
  }
  return out;
}
