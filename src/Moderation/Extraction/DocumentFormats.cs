namespace Moderation.Extraction;

/// The formats the inbox understands, most specific first: the first whose Accepts says yes reads the document.
public sealed class DocumentFormats(IEnumerable<IDocumentFormat> formats)
{
    public const int HeadLength = 4096;

    readonly IDocumentFormat[] formats = [.. formats];

    public static DocumentFormats Default { get; } = new([new DisqusExportFormat(), new HtmlPageFormat(), new JsonLinesFormat(), new SeedTextFormat()]);

    public IDocumentFormat Detect(string fileName, ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
            throw new ExtractionException("The document is empty.");
        foreach (var format in formats)
            if (format.Accepts(fileName, head))
                return format;
        throw new ExtractionException("The document is in no supported format (it looks binary).");
    }
}
