/** Built-in "callouts": one `> [!quote]` callout per highlight with its thoughts nested inside; headings follow chapter levels. */
import { COMMON_FRONTMATTER, METADATA_CALLOUT } from './frontmatter-block';

// A block id for a callout goes on its own line after the callout, separated by a blank line (Obsidian's rule
// for structured blocks). Chapter headings take the chapter's level (1–6; deeper levels clamp to ######).
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
{% for thought in highlight.thoughts %}>
> > [!note] 💭 {{ thought.createTime }}
> > {{ thought.content | trim | quoteLines("> > ") }}
{% endfor %}
^{{ highlight.bookmarkId }}
{% endfor %}{% for passage in chapter.passages %}
> [!note] 💭 {{ passage.thoughts[0].createTime }}
> > {{ passage.abstract | trim | quoteLines("> > ") }}
{% for thought in passage.thoughts %}>
> {{ thought.content | trim | quoteLines("> ") }}{% if not loop.first %} ({{ thought.createTime }}){% endif %}
{% endfor %}
^{{ passage.blockId }}
{% endfor %}{% endfor %}{% if bookReview.bookReviews.length %}
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
