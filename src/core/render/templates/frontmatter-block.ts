/** The frontmatter and metadata parts shared by the built-in templates other than the default. */

export const COMMON_FRONTMATTER = `---
doc_type: weread-highlights-reviews
bookId: {{ metaData.bookId | yamlString }}
title: {{ metaData.title | oneLine | yamlString }}
author: {{ metaData.author | oneLine | yaml }}
cover: {{ metaData.cover | yaml }}
reviewCount: {{ metaData.reviewCount }}
noteCount: {{ metaData.noteCount }}
isbn: {{ metaData.isbn | yaml }}
category: {{ metaData.category | oneLine | yaml }}
lastReadDate: {{ metaData.lastReadDate }}
---
`;

export const METADATA_CALLOUT = `> [!abstract] {{ metaData.title | oneLine }}
{% if metaData.cover %}> - ![ {{ metaData.title | oneLine }}|200]({{ metaData.cover }})
{% endif %}> - 书名： {{ metaData.title | oneLine }}
> - 作者： {{ metaData.author | oneLine }}
{% if metaData.translator %}> - 译者： {{ metaData.translator | oneLine }}
{% endif %}{% if metaData.intro %}> - 简介： {{ metaData.intro | oneLine }}
{% endif %}{% if metaData.publishTime %}> - 出版时间： {{ metaData.publishTime }}
{% endif %}{% if metaData.isbn %}> - ISBN： {{ metaData.isbn }}
{% endif %}{% if metaData.category %}> - 分类： {{ metaData.category }}
{% endif %}{% if metaData.publisher %}> - 出版社： {{ metaData.publisher }}
{% endif %}> - 微信读书： [网页版]({{ metaData.pcUrl }})
`;
