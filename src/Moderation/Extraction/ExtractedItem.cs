namespace Moderation.Extraction;

/// What a document format yields while it reads, in document order, so that a large export can be
/// stored as it streams: an article, then comments that name it by Key (a format may interleave articles
/// and comments, as Disqus exports do), and warnings about parts it skipped.
public abstract record ExtractedItem;

/// Key is unique within one document and only links comments to their article.
public sealed record ExtractedArticle(
    string Key,
    string? Title,
    string? Byline,
    string Body,
    string? Url = null,
    DateTimeOffset? PublishedAt = null) : ExtractedItem;

/// ParentId is the ExternalId of the comment this one replies to. Spam is kept but never flagged;
/// Deleted is kept for the record but never scored into the queue.
public sealed record ExtractedComment(
    string ArticleKey,
    string? Author,
    string Text,
    string? ExternalId = null,
    string? ParentId = null,
    DateTimeOffset? CreatedAt = null,
    bool Spam = false,
    bool Deleted = false) : ExtractedItem;

/// A part of the document that could not be read while the rest could (a bad JSON line, say).
public sealed record ExtractionWarning(string Message) : ExtractedItem;

/// Thrown by a format when the document as a whole cannot be read; the document is recorded as failed.
public sealed class ExtractionException(string message, Exception? inner = null) : Exception(message, inner);
