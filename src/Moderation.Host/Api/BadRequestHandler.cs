using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Moderation.Host.Api;

/// Turns the framework's bad-request exceptions (malformed or oversized bodies, wrong types, unknown fields) into
/// problem details that tell the caller which field to fix, without echoing type names or stack traces.
sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Detail = Describe(bad, context) },
        });
    }

    static string Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return "The request body is larger than this route accepts.";
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return "Send the body as application/json.";
        if (bad.InnerException is JsonException json)
        {
            var field = json.Path is null or "$" ? null : json.Path.TrimStart('$', '.');
            if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
                return $"Unknown field '{field ?? FieldNamed(json.Message)}': this route accepts only its documented fields.";
            if (json.Message.Contains("missing required properties including:", StringComparison.Ordinal))
                return "Missing required field(s): " + json.Message[(json.Message.IndexOf("including:", StringComparison.Ordinal) + 10)..].Trim().TrimEnd('.') + ".";
            if (field is not null)
                return $"Field '{field}' is missing a value or has the wrong type.";
            return "The request body is not valid JSON.";
        }
        return context.Request.ContentLength is 0 || bad.Message.Contains("no body was provided", StringComparison.Ordinal)
            ? "A JSON body is required."
            : "The request could not be read: check the query string and the body.";
    }

    static string FieldNamed(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : "?";
    }
}
