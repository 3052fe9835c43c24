using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Moderation.Scoring;

public sealed record LabelParameters(string Label, double Bias, double PlattA, double PlattB, double Threshold, double Lambda, bool FromToxic, int TrainingRows, int Positives);

public sealed record ModelHeader(
    int FormatVersion,
    string[] Labels,
    FeaturizerSettings Featurizer,
    string DataFingerprint,
    DateTimeOffset CreatedUtc,
    LabelParameters[] Parameters,
    Dictionary<string, LabelMetrics?> ValidationMetrics,
    string Lexicon);

// The trained model: idf and per-label weights for every hash bucket, with the header.
public sealed record ToxicityModel(ModelHeader Header, float[] Idf, float[][] Weights);

// Layout: "MODTOX" magic, int32 format version, int32 length + UTF-8 JSON header, then a Deflate
// stream of half-precision idf and weights (label-major, so the many zero runs compress well).
public static class ModelFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "MODTOX"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Save(ToxicityModel model, string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var header = JsonSerializer.SerializeToUtf8Bytes(model.Header, Json);
        writer.Write(header.Length);
        writer.Write(header);
        writer.Flush();
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        WriteHalves(deflate, model.Idf);
        foreach (var w in model.Weights)
            WriteHalves(deflate, w);
    }

    public static ToxicityModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a toxicity model");
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"{path} has model format {version}; this build reads {FormatVersion}");
        var header = JsonSerializer.Deserialize<ModelHeader>(reader.ReadBytes(reader.ReadInt32()), Json)
            ?? throw new InvalidDataException($"{path} has no header");
        var dimension = 1 << header.Featurizer.HashBits;
        using var deflate = new DeflateStream(stream, CompressionMode.Decompress);
        var idf = ReadHalves(deflate, dimension);
        var weights = header.Labels.Select(_ => ReadHalves(deflate, dimension)).ToArray();
        return new ToxicityModel(header, idf, weights);
    }

    private static void WriteHalves(Stream stream, float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)values[i]);
        stream.Write(bytes);
    }

    private static float[] ReadHalves(Stream stream, int count)
    {
        var bytes = new byte[count * 2];
        stream.ReadExactly(bytes);
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = (float)BitConverter.ToHalf(bytes, i * 2);
        return values;
    }
}
