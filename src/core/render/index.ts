/** The public API of the renderer: templates, context, filters, block ids, links, frontmatter and file names. */
export { toBlockId, isValidBlockId } from './block-id';
export { md5Hex } from './md5';
export { webReaderId, webReaderUrl, appBookUrl, appPassageUrl } from './links';
export {
  FrontmatterError,
  parseNote,
  tryParseNote,
  parseFrontmatter,
  stringifyNote,
  stringifyFrontmatter,
  frontmatterProblem,
  type ParsedNote,
} from './frontmatter';
export {
  buildContext,
  largeCover,
  readingTimeText,
  type TemplateContext,
  type ContextSettings,
  type MetaDataContext,
  type ChapterContext,
  type HighlightContext,
  type ReviewContext,
  type PassageContext,
  type TocChapterContext,
} from './context';
export {
  FILTERS,
  formatTimestamp,
  indentLines,
  oneLine,
  mdEscape,
  tagsToLinks,
  stars,
  yamlValue,
  yamlString,
  headingMarks,
  resolveTimeZone,
  systemTimeZone,
  zoneOffsetMinutes,
} from './filters';
export { htmlToMarkdown, decodeEntities } from './html-to-md';
export {
  TemplateError,
  compileTemplate,
  builtInTemplate,
  isBuiltInTemplate,
  renderNote,
  checkRenderedFrontmatter,
  templateWarnings,
  type TemplateWarning,
  type TemplateWarningCode,
  templateEnvironment,
  type CompiledTemplate,
  type TemplateErrorKind,
} from './engine';
export { BUILT_IN_TEMPLATES, type BuiltInTemplateName } from './templates';
export {
  noteFileName,
  noteFolder,
  sanitizeFileName,
  uniqueName,
  truncateUtf8,
  type FileNameSettings,
} from './file-names';
