/** Built-in "callouts": one `> [!quote]` callout per highlight, each of its thoughts a `> [!note]` callout after it; headings follow chapter levels. */
import { COMMON_FRONTMATTER, METADATA_CALLOUT } from './frontmatter-block';

// A block id for a callout goes on its own line after the callout, separated by a blank line (Obsidian's rule
// for structured blocks). A callout carries one id, so every thought is a callout of its own (nested inside the
// highlight it would have no id: no link to it, and a merge could not follow it). Chapter headings take the
// chapter's level (1–6; deeper levels clamp to ######).
export const CALLOUTS_TEMPLATE =
  COMMON_FRONTMATTER +
  METADATA_CALLOUT +
  `{% for chapter in noteChapters %}
{{ chapter.heading }} {{ chapter.chapterTitle | oneLine }}
{% for review in chapter.chapterReviews %}
> [!note] 💭 章节想法 · {{ review.createTime }}
> {{ review.content | trim | quoteLines("> ") }}

^{{ review.reviewId }}
{% endfor %}{% for highlight in chapter.highlights %}
> [!quote] {{ highlight.createTime }}
> {{ highlight.markText | trim | quoteLines("> ") }}

^{{ highlight.bookmarkId }}
{% for thought in highlight.thoughts %}
> [!note] 💭 {{ thought.createTime }}
> {{ thought.content | trim | quoteLines("> ") }}

^{{ thought.reviewId }}
{% endfor %}{% endfor %}{% for passage in chapter.passages %}{% for thought in passage.thoughts %}
> [!note] 💭 {{ thought.createTime }}
{% if loop.first %}> > {{ passage.abstract | trim | quoteLines("> > ") }}
>
{% endif %}> {{ thought.content | trim | quoteLines("> ") }}

^{{ thought.reviewId }}
{% endfor %}{% endfor %}{% endfor %}{% if bookReview.bookReviews.length %}
# 书评
{% for review in bookReview.bookReviews %}
> [!summary] 书评 · {{ review.createTime }}{% if review.stars %} · {{ review.stars }}{% endif %}
> {{ review.mdContent | trim | quoteLines("> ") }}

^{{ review.reviewId }}
{% endfor %}{% endif %}{% if otherThoughts.length %}
# 其他笔记
{% for thought in otherThoughts %}
> [!note] {{ thought.createTime }}
> {{ thought.content | trim | quoteLines("> ") }}

^{{ thought.reviewId }}
{% endfor %}{% endif %}`;
