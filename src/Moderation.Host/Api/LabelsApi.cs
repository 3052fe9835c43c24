using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Moderation.Host.Security;
using Moderation.Labels;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public static class LabelsApi
{
    public sealed record ImportResult(int Imported);

    const long MaxImportBytes = 256L << 20;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapLabelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/labels").WithTags("Labels").RequireAuthorization(Policies.Training);
        group.MapGet("/export", Export);
        group.MapPost("", Import).Accepts<string>("text/csv", "application/jsonl", "application/x-ndjson")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxImportBytes));
        return app;
    }

    /// Streams every label in the Jigsaw layout, oldest first, so `train` reads the file as it is.
    static Results<PushStreamHttpResult, ProblemHttpResult> Export(string? format, string? since, LabelStore store, HttpContext context)
    {
        format ??= "csv";
        if (format is not ("csv" or "jsonl"))
            return Problems.BadRequest("format must be csv or jsonl.");
        DateTime? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Problems.BadRequest("since must be a date and time, e.g. 2026-11-01T00:00:00Z.");
            from = parsed.UtcDateTime;
        }

        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false));
            if (format == "csv")
                await writer.WriteAsync(JigsawCsv.Header + "\n");
            await foreach (var row in store.ExportAsync(from, context.RequestAborted))
                await writer.WriteAsync((format == "csv" ? JigsawCsv.Format(row) : ToJsonLine(row)) + "\n");
        }, format == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8", format == "csv" ? "labels.csv" : "labels.jsonl");
    }

    static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> Import(HttpRequest request, ClaimsPrincipal user, LabelStore store, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        // The parsers read synchronously, which Kestrel refuses on the request stream itself: buffer the body first
        // (to disk beyond 1 MB), then read the buffer.
        request.EnableBuffering(bufferThreshold: 1 << 20, bufferLimit: MaxImportBytes);
        await request.Body.CopyToAsync(Stream.Null, ct);
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            var rows = mediaType switch
            {
                "text/csv" => JigsawCsv.Read(reader),
                "application/jsonl" or "application/x-ndjson" => ReadJsonLines(reader),
                _ => null,
            };
            if (rows is null)
                return TypedResults.Problem("Send labels as text/csv (the Jigsaw layout) or application/jsonl.", statusCode: StatusCodes.Status415UnsupportedMediaType);
            var imported = await store.ImportAsync(Validate(rows), Caller.From(user).KeyId, ct);
            return TypedResults.Ok(new ImportResult(imported));
        }
        catch (FormatException ex)
        {
            return Problems.BadRequest(ex.Message + " Nothing was imported.");
        }
        catch (DecoderFallbackException)
        {
            return Problems.BadRequest("The body is not valid UTF-8. Nothing was imported.");
        }
    }

    static IEnumerable<LabelRow> Validate(IEnumerable<LabelRow> rows)
    {
        var row = 0;
        foreach (var label in rows)
        {
            row++;
            if (string.IsNullOrWhiteSpace(label.Id) || label.Id.Length > 512)
                throw new FormatException($"Row {row}: id is required and at most 512 characters.");
            if (label.Labels.All(l => l is null))
                throw new FormatException($"Row {row} ({label.Id}): no label is known; give at least one of {string.Join(", ", ToxicityLabels.Names)}.");
            yield return label;
        }
    }

    static string ToJsonLine(LabelRow row)
    {
        var line = new Dictionary<string, object?> { ["id"] = row.Id, ["comment_text"] = row.CommentText };
        for (var i = 0; i < ToxicityLabels.Count; i++)
            line[ToxicityLabels.Names[i]] = row.Labels[i] ?? -1;
        return JsonSerializer.Serialize(line, Json);
    }

    static IEnumerable<LabelRow> ReadJsonLines(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonElement element;
            try
            {
                element = JsonSerializer.Deserialize<JsonElement>(line);
            }
            catch (JsonException)
            {
                throw new FormatException($"Line {number} is not JSON.");
            }
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !element.TryGetProperty("comment_text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new FormatException($"Line {number} needs string fields id and comment_text.");
            var labels = ToxicityLabels.Names.Select(n => element.TryGetProperty(n, out var v) ? Label(v, n, number) : null).ToArray();
            yield return new LabelRow(id.GetString()!, text.GetString()!, labels);
        }
    }

    static int? Label(JsonElement value, string name, int line) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number when value.TryGetInt32(out var v) && v is -1 or 0 or 1 => v < 0 ? null : v,
        _ => throw new FormatException($"Line {line}: {name} must be 1, 0 or -1."),
    };
}
