/** The default template: reproduces the seed note (the older plugin's note shape) byte for byte. */

// Whitespace is significant and written literally (no trim options): the seed has a trailing space after each
// highlight's time, a line of three spaces after each thought, and no blank line before a chapter heading that
// follows a highlight. `{{ " " }}` and `{{ "   " }}` make those visible here.
export const DEFAULT_TEMPLATE = `---
doc_type: weread-highlights-reviews
bookId: {{ metaData.bookId | yamlString }}
author: {{ metaData.author | yaml }}
cover: {{ metaData.cover | yaml }}
reviewCount: {{ metaData.reviewCount }}
noteCount: {{ metaData.noteCount }}
isbn: {{ metaData.isbn | yaml }}
category: {{ metaData.category | yaml }}
lastReadDate: {{ metaData.lastReadDate }}
---
# 元数据
> [!abstract] {{ metaData.title | oneLine }}
{% if metaData.cover %}> - ![ {{ metaData.title | oneLine }}|200]({{ metaData.cover }})
{% endif %}> - 书名： {{ metaData.title | oneLine }}
> - 作者： {{ metaData.author | oneLine }}
{% if metaData.intro %}> - 简介： {{ metaData.intro | oneLine }}
{% endif %}{% if metaData.publishTime %}> - 出版时间 {{ metaData.publishTime }}
{% endif %}{% if metaData.isbn %}> - ISBN： {{ metaData.isbn }}
{% endif %}{% if metaData.category %}> - 分类： {{ metaData.category }}
{% endif %}{% if metaData.publisher %}> - 出版社： {{ metaData.publisher }}
{% endif %}
# 高亮划线

{% for chapter in chapterHighlights %}## {{ chapter.chapterTitle | oneLine }}


{% for highlight in chapter.highlights %}{% if not loop.first %}
{% endif %}- 📌 {{ highlight.markText | trim | indentLines("  ") }} ^{{ highlight.bookmarkId }}
{% for thought in highlight.thoughts %}    - 💭 {{ thought.content | indentLines("      ") }}
{% endfor %}    - ⏱ {{ highlight.createTime }}{{ " " }}
{% endfor %}{% endfor %}# 读书笔记

{% for chapter in bookReview.chapterReviews %}## {{ chapter.chapterTitle | oneLine }}

{% if chapter.chapterReviews.length %}### 章节评论
{% for review in chapter.chapterReviews %}- 💭 {{ review.content | trim | indentLines("  ") }} ^{{ review.reviewId }}
    - ⏱ {{ review.createTime }}
{{ "   " }}
{% endfor %}{% endif %}{% if chapter.reviews.length %}### 划线评论
{% for review in chapter.reviews %}- 📌 {{ review.abstract | trim | indentLines("  ") }}  ^{{ review.reviewId }}
    - 💭 {{ review.content | indentLines("      ") }}
    - ⏱ {{ review.createTime }}
{{ "   " }}
{% endfor %}{% endif %}{% endfor %}# 本书评论
{% for review in bookReview.bookReviews %}
## 书评 No.{{ loop.index }}
{% if review.stars %}{{ review.stars }}

{% endif %}{{ review.mdContent | trim }} ^{{ review.reviewId }}
- ⏱ {{ review.createTime }}
{% endfor %}{% if otherThoughts.length %}
# 其他笔记
{% for thought in otherThoughts %}- {{ thought.content | trim | indentLines("  ") }} ^{{ thought.reviewId }}
    - ⏱ {{ thought.createTime }}
{% endfor %}{% endif %}`;
