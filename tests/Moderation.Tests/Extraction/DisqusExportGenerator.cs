using System.Globalization;
using System.Xml;

namespace Moderation.Tests.Extraction;

// Writes a Disqus export shaped like a real one (categories, then all threads, then all posts) for load tests.
// About 630 bytes per post: Write(stream, 6_400, 50, 1) gives roughly 200 MB.
public static class DisqusExportGenerator
{
    const string DisqusNs = "http://disqus.com";
    const string DsqNs = "http://disqus.com/disqus-internals";

    static readonly string[] Words =
    [
        "the", "council", "river", "path", "ferry", "night", "budget", "library", "really", "never", "again", "why",
        "would", "anyone", "agree", "idiot", "nonsense", "thanks", "great", "article", "points", "wrong", "vote",
        "because", "people", "town", "money", "time", "year", "bridge", "school", "road", "closed", "open", "good",
    ];

    public static void Write(Stream output, int threads, int postsPerThread, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, CloseOutput = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("disqus", DisqusNs);
        xml.WriteAttributeString("xmlns", "dsq", null, DsqNs);
        xml.WriteStartElement("category", DisqusNs);
        xml.WriteAttributeString("id", DsqNs, "1");
        xml.WriteElementString("forum", DisqusNs, "generated");
        xml.WriteElementString("title", DisqusNs, "General");
        xml.WriteEndElement();
        for (var t = 1; t <= threads; t++)
        {
            xml.WriteStartElement("thread", DisqusNs);
            xml.WriteAttributeString("id", DsqNs, Id(t));
            xml.WriteElementString("id", DisqusNs, $"post-{t}");
            xml.WriteElementString("link", DisqusNs, $"https://generated.example/{t}/");
            xml.WriteElementString("title", DisqusNs, Sentence(random, 6));
            xml.WriteElementString("createdAt", DisqusNs, Time(start.AddHours(t)));
            Author(xml, "Site editor");
            xml.WriteElementString("isClosed", DisqusNs, "false");
            xml.WriteElementString("isDeleted", DisqusNs, "false");
            xml.WriteEndElement();
        }
        for (var t = 1; t <= threads; t++)
        {
            for (var p = 0; p < postsPerThread; p++)
            {
                var post = (long)t * postsPerThread + p;
                xml.WriteStartElement("post", DisqusNs);
                xml.WriteAttributeString("id", DsqNs, Id(post));
                xml.WriteElementString("id", DisqusNs, "");
                xml.WriteStartElement("message", DisqusNs);
                xml.WriteCData($"<p>{Sentence(random, 10 + random.Next(30))}</p><p>{Sentence(random, 5 + random.Next(10))}</p>");
                xml.WriteEndElement();
                xml.WriteElementString("createdAt", DisqusNs, Time(start.AddHours(t).AddMinutes(p)));
                xml.WriteElementString("isDeleted", DisqusNs, random.Next(50) == 0 ? "true" : "false");
                xml.WriteElementString("isSpam", DisqusNs, random.Next(40) == 0 ? "true" : "false");
                Author(xml, $"reader{random.Next(5000)}");
                xml.WriteElementString("ipAddress", DisqusNs, "192.0.2.1");
                xml.WriteStartElement("thread", DisqusNs);
                xml.WriteAttributeString("id", DsqNs, Id(t));
                xml.WriteEndElement();
                if (p > 0 && random.Next(3) == 0)
                {
                    xml.WriteStartElement("parent", DisqusNs);
                    xml.WriteAttributeString("id", DsqNs, Id(post - 1 - random.Next(p)));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
        }
        xml.WriteEndElement();
    }

    static string Id(long n) => n.ToString(CultureInfo.InvariantCulture);

    static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));

    static void Author(XmlWriter xml, string name)
    {
        xml.WriteStartElement("author", DisqusNs);
        xml.WriteElementString("name", DisqusNs, name);
        xml.WriteElementString("isAnonymous", DisqusNs, "false");
        xml.WriteElementString("username", DisqusNs, name.Replace(' ', '_'));
        xml.WriteEndElement();
    }
}
