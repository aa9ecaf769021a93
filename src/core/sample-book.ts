/** A small built-in book used to preview templates in the settings tab (no network, no account). */
import type { BookData, NotebookEntry } from './model/notebook';

const BOOK_ID = '26211849';

export const SAMPLE_ENTRY: NotebookEntry = {
  bookId: BOOK_ID,
  title: 'Python深度学习',
  author: '弗朗索瓦·肖莱',
  cover: 'https://cdn.weread.qq.com/weread/cover/83/YueWen_26211849/s_YueWen_26211849.jpg',
  bookType: 0,
  noteCount: 3,
  reviewCount: 2,
  bookmarkCount: 0,
  readingProgress: 100,
  sort: 1603695600,
};

export const SAMPLE_BOOK: BookData = {
  info: {
    bookId: BOOK_ID,
    title: 'Python深度学习',
    author: '弗朗索瓦·肖莱',
    cover: 'https://cdn.weread.qq.com/weread/cover/83/YueWen_26211849/s_YueWen_26211849.jpg',
    intro:
      '本书由Keras之父、现任Google人工智能研究员的弗朗索瓦·肖莱执笔，详尽介绍了用Python和Keras进行深度学习的探索实践。',
    category: '计算机-编程设计',
    categories: ['计算机-编程设计'],
    publisher: '人民邮电出版社',
    publishTime: '2018-08-24 00:00:00',
    isbn: '9787115488763',
    totalWords: 339000,
    rating: 930,
    ratingCount: 1200,
  },
  chapters: [
    { chapterUid: 14, chapterIdx: 14, title: '第2章 神经网络的数学基础', level: 1 },
    { chapterUid: 15, chapterIdx: 15, title: '2.1 初识神经网络', level: 2 },
    { chapterUid: 17, chapterIdx: 17, title: '2.3 神经网络的“齿轮”：张量运算', level: 2 },
  ],
  highlights: [
    {
      bookmarkId: `${BOOK_ID}_15_1826-1988`,
      chapterUid: 15,
      range: '1826-1988',
      markText: 'train_images和train_labels组成了训练集（training set），模型将从这些数据中进行学习。',
      createTime: 1598288611,
      colorStyle: 1,
      style: 0,
    },
    {
      bookmarkId: `${BOOK_ID}_15_3297-3374`,
      chapterUid: 15,
      range: '3297-3374',
      markText: '大多数深度学习都是将简单的层链接起来，从而实现渐进式的数据蒸馏（data distillation）。',
      createTime: 1598288739,
      colorStyle: 3,
      style: 1,
    },
    {
      bookmarkId: `${BOOK_ID}_17_3885-3964`,
      chapterUid: 17,
      range: '3885-3964',
      markText: '点积运算，也叫张量积（tensor product，不要与逐元素的乘积弄混），是最常见也最有用的张量运算。',
      createTime: 1598333788,
      colorStyle: 4,
      style: 2,
    },
  ],
  thoughts: [
    {
      reviewId: '11897562_7jRz8yaOx',
      type: 1,
      content: '点积就是相同位置的数字相乘',
      abstract: '点积运算，也叫张量积（tensor product，不要与逐元素的乘积弄混），是最常见也最有用的张量运算。',
      range: '3885-3964',
      chapterUid: 17,
      createTime: 1598334020,
      star: 0,
    },
    {
      reviewId: '11897562_7kBook0001',
      type: 4,
      content: '深入浅出，代码示例很实用。',
      htmlContent: '<p>深入浅出，<b>代码示例</b>很实用。</p>',
      createTime: 1603695600,
      star: 100,
    },
  ],
};
