using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.Scoring;

// The split every figure in the project uses, shared with ../shared/bench/sklearn_baseline.py:
// a row is validation when the first 8 hex digits of SHA-1(id), as an unsigned integer, divide by 10.
// Tuning (regularization, calibration, thresholds) uses a second slice of the training rows.
public static class ValidationSplit
{
    public static bool IsValidation(string id) => Hash(id) % 10 == 0;

    public static bool IsTuning(string id) => Hash(id) % 10 == 1;

    public static string Source(string id) => id.IndexOf(':') is var i and > 0 ? id[..i] : "";

    private static uint Hash(string id)
    {
        Span<byte> digest = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(id), digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }
}
