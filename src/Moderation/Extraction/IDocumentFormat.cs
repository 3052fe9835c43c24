namespace Moderation.Extraction;

/// One input format. Formats are chosen by content: Accepts sees the file name and the first bytes.
public interface IDocumentFormat
{
    string Name { get; }

    bool Accepts(string fileName, ReadOnlySpan<byte> head);

    /// Reads lazily; any exception thrown while enumerating fails the document.
    IEnumerable<ExtractedItem> Read(Stream content);
}
