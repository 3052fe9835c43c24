using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

internal static class Samples
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Extraction", "Samples", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static List<ExtractedItem> Read(IDocumentFormat format, string name) => Read(format, Bytes(name));

    public static List<ExtractedItem> Read(IDocumentFormat format, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return format.Read(stream).ToList();
    }

    // A PNG signature and header: NUL bytes and invalid UTF-8 from the first line on.
    public static readonly byte[] Binary =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x5C, 0x72, 0xA8, 0x66,
    ];
}
