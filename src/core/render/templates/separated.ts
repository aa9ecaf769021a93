/** Built-in "separated": all highlights by chapter first, then the thoughts by chapter, then the book reviews. */
import { COMMON_FRONTMATTER, METADATA_CALLOUT } from './frontmatter-block';

export const SEPARATED_TEMPLATE =
  COMMON_FRONTMATTER +
  METADATA_CALLOUT +
  `
# 划线
{% for chapter in chapterHighlights %}
{{ chapter.level | heading(1) }} {{ chapter.chapterTitle | oneLine }}
{% for highlight in chapter.highlights %}
- {{ highlight.markText | trim | indentLines("  ") }} ^{{ highlight.bookmarkId }}
{% endfor %}{% endfor %}
# 想法
{% for chapter in bookReview.chapterReviews %}
## {{ chapter.chapterTitle | oneLine }}
{% for review in chapter.chapterReviews %}
- 💭 {{ review.content | trim | indentLines("  ") }} ^{{ review.reviewId }}
  - ⏱ {{ review.createTime }}
{% endfor %}{% for review in chapter.reviews %}
> {{ review.abstract | trim | quoteLines("> ") }}

- 💭 {{ review.content | trim | indentLines("  ") }} ^{{ review.reviewId }}
  - ⏱ {{ review.createTime }}
{% endfor %}{% endfor %}{% for thought in otherThoughts %}
- 💭 {{ thought.content | trim | indentLines("  ") }} ^{{ thought.reviewId }}
  - ⏱ {{ thought.createTime }}
{% endfor %}
# 书评
{% for review in bookReview.bookReviews %}
## 书评 No.{{ loop.index }}{% if review.stars %} {{ review.stars }}{% endif %}

{{ review.mdContent | trim }} ^{{ review.reviewId }}

⏱ {{ review.createTime }}
{% endfor %}`;
