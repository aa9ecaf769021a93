// Documentation: how tests/fakes/weread/fixtures/26211849.json was reconstructed from the seed note (run with tsx).
import { readFileSync, writeFileSync } from 'node:fs';

const seedUrl = new URL('./26211849.default.md', import.meta.url);
const outUrl = new URL('../fakes/weread/fixtures/26211849.json', import.meta.url);
const seed = readFileSync(seedUrl, 'utf8');
const lines = seed.split('\n');

const BOOK_ID = '26211849';
/** "YYYY-MM-DD HH:mm:ss" shown in UTC+8 → unix seconds. */
const shanghai = (s: string): number => {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s.trim());
  if (!m) throw new Error(`bad time ${s}`);
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, se!) / 1000;
};

// The book's table of contents (reading order). chapterUid == chapterIdx for this YueWen book; the highlighted
// chapters' uids in the seed's block ids fit this list exactly.
const toc: Array<[string, number]> = [
  ['版权信息', 1], ['版权声明', 1], ['内容提要', 1], ['前言', 1], ['致谢', 1], ['关于本书', 1], ['关于作者', 1], ['关于封面', 1],
  ['第一部分 深度学习基础', 1],
  ['第1章 什么是深度学习', 1], ['1.1 人工智能、机器学习与深度学习', 2], ['1.2 深度学习之前：机器学习简史', 2], ['1.3 为什么是深度学习，为什么是现在', 2],
  ['第2章 神经网络的数学基础', 1], ['2.1 初识神经网络', 2], ['2.2 神经网络的数据表示', 2], ['2.3 神经网络的“齿轮”：张量运算', 2],
  ['2.4 神经网络的“引擎”：基于梯度的优化', 2], ['2.5 回顾第一个例子', 2], ['本章小结', 2],
  ['第3章 神经网络入门', 1], ['3.1 神经网络剖析', 2], ['3.2 Keras简介', 2], ['3.3 建立深度学习工作站', 2], ['3.4 电影评论分类：二分类问题', 2],
  ['3.5 新闻分类：多分类问题', 2], ['3.6 预测房价：回归问题', 2], ['本章小结', 2],
  ['第4章 机器学习基础', 1], ['4.1 机器学习的四个分支', 2], ['4.2 评估机器学习模型', 2], ['4.3 数据预处理、特征工程和特征学习', 2],
  ['4.4 过拟合与欠拟合', 2], ['4.5 机器学习的通用工作流程', 2], ['本章小结', 2],
  ['第二部分 深度学习实践', 1],
  ['第5章 深度学习用于计算机视觉', 1], ['5.1 卷积神经网络简介', 2], ['5.2 在小型数据集上从头开始训练一个卷积神经网络', 2],
  ['5.3 使用预训练的卷积神经网络', 2], ['5.4 卷积神经网络的可视化', 2], ['本章小结', 2],
  ['第6章 深度学习用于文本和序列', 1], ['6.1 处理文本数据', 2], ['6.2 理解循环神经网络', 2], ['6.3 循环神经网络的高级用法', 2],
  ['6.4 用卷积神经网络处理序列', 2], ['本章总结', 2],
  ['第7章 高级的深度学习最佳实践', 1], ['7.1 不用Sequential模型的解决方案：Keras函数式API', 2],
  ['7.2 使用Keras回调函数和TensorBoard来检查并监控深度学习模型', 2], ['7.3 让模型性能发挥到极致', 2], ['本章总结', 2],
  ['第8章 生成式深度学习', 1], ['8.1 使用LSTM生成文本', 2], ['8.2 DeepDream', 2], ['8.3 神经风格迁移', 2], ['8.4 用变分自编码器生成图像', 2],
  ['8.5 生成式对抗网络简介', 2], ['本章总结', 2],
  ['第9章 总结', 1], ['9.1 重点内容回顾', 2], ['9.2 深度学习的局限性', 2], ['9.3 深度学习的未来', 2],
  ['9.4 了解一个快速发展领域的最新进展', 2], ['9.5 结束语', 2],
  ['附录A 在Ubuntu上安装Keras及其依赖', 1], ['附录B 在EC2 GPU实例上运行Jupyter笔记本', 1],
];
const chapterUpdateTime = 1598000000;
const chapters = toc.map(([title, level], i) => ({
  chapterUid: i + 1, chapterIdx: i + 1, title, level, updateTime: chapterUpdateTime - 100000 + i, wordCount: 1000 + ((i * 7919) % 9000),
}));

const fm = (key: string): string => {
  const line = lines.find((l) => l.startsWith(`${key}: `));
  if (!line) throw new Error(`no ${key}`);
  return line.slice(key.length + 2);
};
const meta = (label: string): string => {
  const line = lines.find((l) => l.startsWith(`> - ${label}`));
  if (!line) throw new Error(`no ${label}`);
  return line.slice(`> - ${label}`.length).replace(/^： ?| /, '');
};

// Highlights: "- 📌 {markText} ^{blockId}" then "    - ⏱ {time} ".
const bookmarks: Array<Record<string, unknown>> = [];
let section = '';
let heading = '';
for (let i = 0; i < lines.length; i++) {
  const line = lines[i]!;
  if (line.startsWith('# ')) section = line.slice(2);
  if (line.startsWith('## ')) heading = line.slice(3);
  if (section !== '高亮划线' || !line.startsWith('- 📌 ')) continue;
  const m = /^- 📌 (.*) \^26211849-(\d+)-(\d+)-?(\d*)$/.exec(line);
  if (!m) throw new Error(`bad highlight line ${i + 1}`);
  const [, markText, uid, start, end] = m;
  const time = /^ {4}- ⏱ (.*) $/.exec(lines[i + 1]!);
  if (!time) throw new Error(`bad time line ${i + 2}`);
  const chapterUid = Number(uid);
  const chapter = chapters.find((c) => c.chapterUid === chapterUid)!;
  if (chapter.title !== heading) throw new Error(`chapter ${uid} is "${chapter.title}", seed says "${heading}"`);
  const range = `${start}-${end}`;
  bookmarks.push({
    bookId: BOOK_ID, bookVersion: 1598000000, bookmarkId: `${BOOK_ID}_${uid}_${range}`, chapterUid, chapterName: chapter.title,
    colorStyle: 1, style: 0, type: 1, range, markText, createTime: shanghai(time[1]!),
  });
}
// The API does not sort by reading order: serve newest first, as the web reader's list does.
bookmarks.sort((a, b) => (b.createTime as number) - (a.createTime as number));

const review = (reviewId: string, chapterUid: number, range: string, abstract: string, content: string, time: string) => {
  const chapter = chapters.find((c) => c.chapterUid === chapterUid)!;
  return {
    reviewId,
    review: {
      reviewId, bookId: BOOK_ID, userVid: 11897562, type: 1, content, htmlContent: '', abstract, range, chapterUid,
      chapterIdx: chapter.chapterIdx, chapterName: chapter.title, chapterTitle: chapter.title, createTime: shanghai(time),
      star: 0, isPrivate: 0,
    },
  };
};

const cover = fm('cover').replace('/t7_', '/s_');
const fixture = {
  notebook: {
    bookId: BOOK_ID,
    book: { bookId: BOOK_ID, title: 'Python深度学习', author: fm('author'), cover, publishTime: meta('出版时间'), type: 0 },
    noteCount: Number(fm('noteCount')), reviewCount: Number(fm('reviewCount')), bookmarkCount: 0, readingProgress: 100, markedStatus: 4,
    sort: shanghai('2020-10-26 21:14:33'),
  },
  info: {
    bookId: BOOK_ID, title: 'Python深度学习', author: meta('作者'), translator: '张亮', cover, version: 1598000000, format: 'epub', type: 0,
    price: 59.4, intro: meta('简介'), publishTime: meta('出版时间'), category: fm('category'),
    categories: [{ categoryId: 700000, subCategoryId: 700004, categoryType: 0, title: fm('category') }],
    publisher: meta('出版社'), isbn: fm('isbn'), totalWords: 263000, newRating: 893, newRatingCount: 1472,
    newRatingDetail: { good: 1314, fair: 143, poor: 15, recent: 12, myRating: '', title: '好评如潮' }, ispub: 1, finished: 1,
  },
  bookmarks,
  reviews: [
    review('11897562_7jVjnhkkj', 22, '2957-2982', '这个层将返回一个张量，第一个维度的大小变成了32。', '神经元降维', '2020-08-28 00:46:20'),
    review('11897562_7jRz8yaOx', 17, '4546-4557', '数学符号中的点（.）表示', '点积就是相同位置的数字相乘\n', '2020-08-25 13:40:20'),
  ],
  chapters,
  chapterUpdateTime,
  progress: {
    appId: 'wb182564874603h', bookVersion: 1598000000, reviewId: '', chapterUid: 65, chapterOffset: 0, chapterIdx: 65, progress: 100,
    readingTime: 71234, isStartReading: 1, startReadingTime: shanghai('2020-08-24 22:10:03'), updateTime: shanghai('2020-10-26 21:14:33'),
  },
};
writeFileSync(outUrl, JSON.stringify(fixture, null, 2) + '\n');
console.log(`wrote ${bookmarks.length} highlights, ${chapters.length} chapters`);
