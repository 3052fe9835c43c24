using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Moderation.Scoring;

namespace Moderation.Cli;

public static class Commands
{
    private const string DefaultModel = "models/toxicity.model";
    private const string DefaultLexicon = "models/lexicon.tsv";

    public static int Prepare(Arguments args)
    {
        var dataDir = args.Optional("data-dir") ?? Path.Combine("..", "shared", "data");
        var lexicon = LexiconSource.FromLdnoobw(Path.Combine(dataDir, "lexicons", "ldnoobw"));
        var lexiconOut = args.Optional("lexicon-out") ?? DefaultLexicon;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lexiconOut))!);
        File.WriteAllText(lexiconOut, lexicon.ToTsv());
        var rows = TrainingData.Prepare(dataDir, lexicon).ToList();
        var output = args.Required("out");
        LabeledCsv.Write(output, rows);
        Console.Error.WriteLine($"{rows.Count} rows to {output}, {lexicon.Entries.Count} lexicon entries to {lexiconOut}");
        foreach (var group in rows.GroupBy(r => ValidationSplit.Source(r.Id)))
        {
            var positives = ToxicityLabels.Names.Select((n, l) => $"{n}={group.Count(r => r.Labels[l] == 1)}/{group.Count(r => r.Labels[l] >= 0)}");
            Console.Error.WriteLine($"  {group.Key}: {group.Count()} rows; {string.Join(' ', positives)}");
        }
        return 0;
    }

    public static int Train(Arguments args)
    {
        var files = args.All("data");
        if (files.Count == 0)
            throw new ArgumentException("--data is required");
        var output = args.Required("out");
        var lexicon = Lexicon.Parse(File.ReadAllText(args.Optional("lexicon") ?? DefaultLexicon));
        var clock = Stopwatch.StartNew();
        var rows = files.SelectMany(LabeledCsv.Read).ToList();
        Console.Error.WriteLine($"read {rows.Count} rows from {files.Count} file(s)");
        if (rows.Count == 0)
            throw new InvalidDataException("No row with a known label to train on.");
        var options = TrainingOptions.Default;
        if (args.Optional("hash-bits") is { } bits)
            options = options with { Featurizer = options.Featurizer with { HashBits = int.Parse(bits) } };
        var trainer = new Trainer(lexicon, options, message => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}"));
        var model = trainer.Train(rows, Fingerprint(files));
        var validation = rows.Where(r => ValidationSplit.IsValidation(r.Id)).ToList();
        var metrics = Evaluation.Run(new ModelClassifier(model), validation, bySource: false);
        model = model with { Header = model.Header with { ValidationMetrics = metrics.Labels } };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        ModelFile.Save(model, output);
        Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] wrote {output} ({new FileInfo(output).Length / 1e6:0.0} MB); validation mean ROC-AUC {metrics.MeanRocAuc:0.0000}");
        return 0;
    }

    public static int Evaluate(Arguments args)
    {
        var classifier = ModelClassifier.Load(args.Required("model"));
        var rows = LabeledCsv.Read(args.Required("data"));
        if (args.Flag("holdout"))
            rows = rows.Where(r => ValidationSplit.IsValidation(r.Id));
        var result = Evaluation.Run(classifier, rows.ToList(), args.Flag("by-source"), withRules: !args.Flag("no-rules"));
        foreach (var line in result.Table())
            Console.WriteLine(line);
        Console.WriteLine(JsonSerializer.Serialize(result.ToJson()));
        return 0;
    }

    public static int Score(Arguments args)
    {
        var classifier = ModelClassifier.Load(args.Optional("model") ?? DefaultModel);
        using var stdout = Console.OpenStandardOutput();
        if (args.Optional("jsonl") is { } input)
        {
            using var reader = input == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(input);
            ScoreStream.Run(classifier, reader, stdout);
            return 0;
        }
        if (args.Positional.Count != 1)
            throw new ArgumentException("score needs --jsonl FILE or one text argument");
        ScoreStream.Write(stdout, null, classifier.Score(args.Positional[0]), classifier.ModelVersion);
        stdout.WriteByte((byte)'\n');
        return 0;
    }

    private static string Fingerprint(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
            sha.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
