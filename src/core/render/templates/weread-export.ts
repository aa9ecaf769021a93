/** Built-in "weread-export": the layout of WeRead's own "export notes" text (《title》, ◆ chapters, >> passages). */

// WeRead's export is plain text; this keeps its shape and adds the frontmatter and block ids a synced note needs.
export const WEREAD_EXPORT_TEMPLATE = `---
doc_type: weread-highlights-reviews
bookId: {{ metaData.bookId | yamlString }}
title: {{ metaData.title | oneLine | yamlString }}
author: {{ metaData.author | oneLine | yaml }}
lastReadDate: {{ metaData.lastReadDate }}
---
《{{ metaData.title | oneLine }}》
{{ metaData.author | oneLine }}
{{ counts.highlights + counts.thoughts + counts.reviews }}个笔记
{% for review in bookReview.bookReviews %}
◆ 点评

{{ review.created | formatDate("YYYY/MM/DD") }}发表点评{% if review.stars %} {{ review.stars }}{% endif %}
{{ review.mdContent | trim }} ^{{ review.reviewId }}
{% endfor %}{% for chapter in noteChapters %}
◆ {{ chapter.chapterTitle | oneLine }}
{% for review in chapter.chapterReviews %}
>> {{ review.created | formatDate("YYYY/MM/DD") }}发表想法
{{ review.content | trim | indentLines("", true) }} ^{{ review.reviewId }}
{% endfor %}{% for highlight in chapter.highlights %}
>> {{ highlight.markText | trim | quoteLines(">> ") }} ^{{ highlight.bookmarkId }}
{% for thought in highlight.thoughts %}
>> {{ thought.created | formatDate("YYYY/MM/DD") }}发表想法
{{ thought.content | trim | indentLines("", true) }} ^{{ thought.reviewId }}
{% endfor %}{% endfor %}{% for passage in chapter.passages %}{% for thought in passage.thoughts %}
>> {{ thought.created | formatDate("YYYY/MM/DD") }}发表想法
{{ thought.content | trim | indentLines("", true) }}
原文：{{ passage.abstract | oneLine }} ^{{ thought.reviewId }}
{% endfor %}{% endfor %}{% endfor %}{% if otherThoughts.length %}
◆ 其他笔记
{% for thought in otherThoughts %}
>> {{ thought.created | formatDate("YYYY/MM/DD") }}发表想法
{{ thought.content | trim | indentLines("", true) }} ^{{ thought.reviewId }}
{% endfor %}{% endif %}
-- 来自微信读书
`;
