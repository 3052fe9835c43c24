using System.Text;

namespace Moderation.Extraction;

/// The plain-text article dumps of seeds/: the fallback for any UTF-8 text no other format claims.
public sealed class SeedTextFormat : IDocumentFormat
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Name => "seed-text";

    public bool Accepts(string fileName, ReadOnlySpan<byte> head) => !head.Contains((byte)0);

    public IEnumerable<ExtractedItem> Read(Stream content)
    {
        string text;
        try
        {
            using var reader = new StreamReader(content, StrictUtf8);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            throw new ExtractionException("The document is not valid UTF-8 text.");
        }
        var seed = SeedTextExtractor.Extract(text);
        yield return new ExtractedArticle("article", seed.Title, seed.Byline, seed.Body);
        foreach (var comment in seed.Comments)
            yield return new ExtractedComment("article", comment.Author, comment.Text);
    }
}
