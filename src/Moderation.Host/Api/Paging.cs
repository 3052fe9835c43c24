using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Moderation.Host.Api;

/// Query-string parsing shared by the paginated routes, with messages that tell the caller what to send.
static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static bool TryLimit(string? value, out int limit, out ProblemHttpResult? error)
    {
        error = null;
        limit = DefaultLimit;
        if (value is null)
            return true;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit)
            return true;
        error = Problems.BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        return false;
    }

    public static bool TryId(string value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// Cursors are opaque to callers: base64url of the sort key of the last item on the page.
    public static string EncodeCursor(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    public static string? DecodeCursor(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);
}
