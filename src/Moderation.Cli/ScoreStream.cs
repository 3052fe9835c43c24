using System.Text.Json;
using Moderation.Scoring;

namespace Moderation.Cli;

// Scores JSON Lines in batches: each batch is scored on all cores and written in input order,
// so memory stays constant however long the input is.
public static class ScoreStream
{
    private const int BatchSize = 2048;

    public static void Run(IToxicityClassifier classifier, TextReader reader, Stream output)
    {
        var ids = new string?[BatchSize];
        var texts = new string[BatchSize];
        var results = new ToxicityPrediction[BatchSize];
        var lineNumber = 0;
        while (true)
        {
            var n = 0;
            while (n < BatchSize && reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                    continue;
                (ids[n], texts[n]) = Parse(line, lineNumber);
                n++;
            }
            if (n == 0)
                return;
            Parallel.For(0, n, i => results[i] = classifier.Score(texts[i]));
            for (var i = 0; i < n; i++)
            {
                Write(output, ids[i], results[i], classifier.ModelVersion);
                output.WriteByte((byte)'\n');
            }
            output.Flush();
        }
    }

    // A bad line stops the run, naming the line.
    private static (string? Id, string Text) Parse(string line, int number)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new FormatException($"Line {number}: expected an object with a string field \"text\".");
            return (doc.RootElement.TryGetProperty("id", out var id) ? id.ToString() : null, text.GetString()!);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Line {number}: not valid JSON ({e.Message})", e);
        }
    }

    // The same fields as the scoring API: id, scores, action, reasons, spans, modelVersion.
    public static void Write(Stream output, string? id, ToxicityPrediction p, string modelVersion)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        if (id is null)
            json.WriteNull("id");
        else
            json.WriteString("id", id);
        json.WriteStartObject("scores");
        foreach (var label in ToxicityLabels.All)
            json.WriteNumber(label.Name(), Math.Round(p[label], 4));
        json.WriteEndObject();
        var max = p.Scores.Max();
        json.WriteString("action", max >= 0.9f ? "block" : max >= 0.5f ? "review" : "allow");
        json.WriteStartArray("reasons");
        foreach (var r in p.Reasons)
        {
            json.WriteStartObject();
            json.WriteString("label", r.Label.Name());
            json.WriteString("source", r.Source);
            json.WriteString("detail", r.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("spans");
        foreach (var s in p.Spans)
        {
            json.WriteStartObject();
            json.WriteNumber("start", s.Start);
            json.WriteNumber("end", s.End);
            json.WriteString("label", s.Label.Name());
            json.WriteNumber("weight", Math.Round(s.Weight, 4));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("modelVersion", modelVersion);
        json.WriteEndObject();
    }
}
