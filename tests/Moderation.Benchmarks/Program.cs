using System.Diagnostics;
using Moderation.Benchmarks;
using Moderation.Extraction;
using Moderation.Scoring;

// Measures the classifier's targets (see models/README.md). Not part of `dotnet test`.
var command = args.Length > 0 ? args[0] : "";
string Option(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
}

switch (command)
{
    case "split":
        Split(Option("data"), Option("out-dir"), Option("lexicon", "models/lexicon.tsv"));
        return 0;
    case "speed":
        Speed(Option("model", "models/toxicity.model"), Option("data"), double.Parse(Option("seconds", "5")));
        return 0;
    case "identity":
        return Identity(ModelClassifier.Load(Option("model", "models/toxicity.model")));
    case "seed":
        return Seed(ModelClassifier.Load(Option("model", "models/toxicity.model")), Option("file", "seeds/000_cc06e0480e179193.txt"));
    default:
        Console.Error.WriteLine("usage: benchmarks split --data FILE --out-dir DIR [--lexicon FILE] | speed --data FILE [--model FILE] [--seconds N] | identity [--model FILE] | seed [--model FILE] [--file FILE]");
        return 2;
}

// The training rows, the validation rows, and an obfuscated copy of the validation rows, so the
// baseline can be trained on exactly our training rows and both tested on both copies.
static void Split(string data, string outDir, string lexiconPath)
{
    Directory.CreateDirectory(outDir);
    var rows = LabeledCsv.Read(data).ToList();
    var validation = rows.Where(r => ValidationSplit.IsValidation(r.Id)).ToList();
    LabeledCsv.Write(Path.Combine(outDir, "train.csv.gz"), rows.Where(r => !ValidationSplit.IsValidation(r.Id)));
    LabeledCsv.Write(Path.Combine(outDir, "valid.csv.gz"), validation);
    var obfuscator = new Obfuscator(Lexicon.Parse(File.ReadAllText(lexiconPath)), seed: 1);
    var toxicRows = validation.Count(r => r.Labels.Any(l => l == 1));
    LabeledCsv.Write(Path.Combine(outDir, "valid-obfuscated.csv.gz"),
        validation.Select(r => r.Labels.Any(l => l == 1) ? r with { Text = obfuscator.Obfuscate(r.Text) } : r).ToList());
    Console.WriteLine($"{rows.Count - validation.Count} training rows, {validation.Count} validation rows; {obfuscator.Perturbed} of {toxicRows} rows with a positive label obfuscated");
}

static void Speed(string modelPath, string data, double seconds)
{
    var clock = Stopwatch.StartNew();
    var classifier = ModelClassifier.Load(modelPath);
    var load = clock.Elapsed.TotalMilliseconds;
    classifier.Score("warm up the normalizer tables and the regexes");
    var all = LabeledCsv.Read(data).Select(r => r.Text).ToArray();
    var typical = all.Where(t => t.Length is >= 100 and <= 500).ToArray();
    Console.WriteLine($"model load {load:0} ms; {all.Length} texts (mean {all.Average(t => t.Length):0} chars), {typical.Length} of 100-500 chars");
    foreach (var (name, texts) in new[] { ("all validation texts", all), ("100-500 chars", typical) })
    {
        Console.WriteLine($"{name}: one core {Throughput(classifier, texts, seconds, 1):0} comments/s, all cores {Throughput(classifier, texts, seconds, Environment.ProcessorCount):0} comments/s");
    }
    var normalized = new NormalizedText();
    var scratch = new FeatureScratch();
    var stages = new (string, Action<string>)[]
    {
        ("normalize", t => classifier.Featurizer.Lexicon.Normalizer.Normalize(t, normalized)),
        ("normalize+lexicon+patterns+features", t => classifier.Featurizer.Extract(t, scratch)),
        ("features+margins", t => classifier.Margins(t, new double[ToxicityLabels.Count])),
        ("score", t => classifier.Score(t)),
    };
    // CPU time rather than wall time, so other work on a shared machine does not count against us.
    foreach (var (stage, run) in stages)
    {
        var cpu = CpuSeconds();
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed.TotalSeconds < 2)
            run(typical[n++ % typical.Length]);
        Console.WriteLine($"  {stage}: {(CpuSeconds() - cpu) * 1e6 / n:0.0} µs CPU per 100-500 char comment ({n / (CpuSeconds() - cpu):0} per CPU second)");
    }
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1e6:0} MB, managed heap {GC.GetTotalMemory(false) / 1e6:0} MB, allocated per comment {AllocatedPerComment(classifier, typical):0} bytes");
}

static double CpuSeconds()
{
    using var process = Process.GetCurrentProcess();
    return process.TotalProcessorTime.TotalSeconds;
}

static double Throughput(ModelClassifier classifier, string[] texts, double seconds, int threads)
{
    long done = 0;
    var clock = Stopwatch.StartNew();
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
    {
        long n = 0;
        for (var i = t; clock.Elapsed.TotalSeconds < seconds; i = (i + threads) % texts.Length)
        {
            classifier.Score(texts[i]);
            n++;
        }
        Interlocked.Add(ref done, n);
    });
    return done / clock.Elapsed.TotalSeconds;
}

static double AllocatedPerComment(ModelClassifier classifier, string[] texts)
{
    var before = GC.GetAllocatedBytesForCurrentThread();
    foreach (var text in texts)
        classifier.Score(text);
    return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)texts.Length;
}

static int Identity(ModelClassifier classifier)
{
    static bool Flagged(ToxicityPrediction p) => p[ToxicityLabel.Toxic] >= 0.5f || p[ToxicityLabel.IdentityHate] >= 0.5f;
    var falsePositives = IdentitySet.Benign.Where(t => Flagged(classifier.Score(t))).ToList();
    var falseNegatives = IdentitySet.Abusive.Where(t => !Flagged(classifier.Score(t))).ToList();
    foreach (var t in falsePositives)
        Console.WriteLine($"  flagged but benign: {t} {Describe(classifier.Score(t))}");
    foreach (var t in falseNegatives)
        Console.WriteLine($"  missed abuse: {t} {Describe(classifier.Score(t))}");
    Console.WriteLine($"benign flagged (toxic or identity_hate >= 0.5): {falsePositives.Count}/{IdentitySet.Benign.Length} = {falsePositives.Count / (double)IdentitySet.Benign.Length:P0}" +
        $" (identity mentions {falsePositives.Count(IdentitySet.IdentityMentions.Contains)}/{IdentitySet.IdentityMentions.Length}," +
        $" quoted or denounced abuse {falsePositives.Count(IdentitySet.QuotedOrDenounced.Contains)}/{IdentitySet.QuotedOrDenounced.Length})");
    Console.WriteLine($"abusive missed: {falseNegatives.Count}/{IdentitySet.Abusive.Length} = {falseNegatives.Count / (double)IdentitySet.Abusive.Length:P0}");
    return 0;
}

// Scores every comment of the seed, as the worker extracts and stores them, and checks the ones
// we name as abuse are flagged (some label >= 0.5) and the rest are not.
static int Seed(ModelClassifier classifier, string file)
{
    string[] abuse =
    [
        "dumm ruskie", "جثث فاسدة", "Negroes and Muslims", "white guys came so stupid", "Bandera boy", "knee pads",
        "Mexy Drug Cartels", "pieces of shit", "Jewish oligarchs", "prostitutes and sex slaves", "the US are fuck",
    ];
    // Borderline, where moderators could go either way: reported, not counted. ("The latest Polish
    // fool to fight and die" mocks a dead soldier by his nationality, with no slur or threat.)
    string[] borderline = ["Some suckers never learn", "American Zionists", "proxy war ho’s", "FJB", "latest Polish fool"];
    using var stream = File.OpenRead(file);
    var comments = new SeedTextFormat().Read(stream).OfType<ExtractedComment>().Select(c => c.Text).ToList();
    // A marker that no comment contains means the seed or its extraction changed under the list.
    var unmatched = abuse.Concat(borderline).Where(m => !comments.Any(c => c.Contains(m, StringComparison.Ordinal))).ToList();
    if (unmatched.Count > 0)
    {
        Console.Error.WriteLine($"no comment contains: {string.Join(", ", unmatched)}");
        return 1;
    }
    int counted = 0, failures = 0;
    foreach (var p in comments)
    {
        var prediction = classifier.Score(p);
        var flagged = prediction.Scores.Max() >= 0.5f;
        var expected = abuse.Any(a => p.Contains(a, StringComparison.Ordinal));
        var skip = !expected && borderline.Any(a => p.Contains(a, StringComparison.Ordinal));
        var mark = skip ? "----" : flagged == expected ? "ok  " : "FAIL";
        if (!skip)
            counted++;
        if (!skip && flagged != expected)
            failures++;
        var oneLine = p.ReplaceLineEndings(" ");
        Console.WriteLine($"{mark} {(expected ? "abuse" : skip ? "unsure" : "civil")} {Describe(prediction)} {oneLine[..Math.Min(70, oneLine.Length)]}");
    }
    Console.WriteLine($"{counted - failures}/{counted} comments as expected ({comments.Count - counted} borderline, not counted)");
    return 0;
}

static string Describe(ToxicityPrediction p)
{
    var top = Enumerable.Range(0, ToxicityLabels.Count).MaxBy(l => p.Scores[l]);
    return $"[{ToxicityLabels.Names[top]} {p.Scores[top]:0.00}]";
}
