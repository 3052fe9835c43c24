using System.Globalization;

namespace Moderation.Scoring;

// Maps the four English sources in ../shared/data into the six-label layout (-1 = unknown), then
// adds weak labels from documented labeling functions (see models/MODEL_CARD.md).
public static class TrainingData
{
    private const int Toxic = 0, Severe = 1, Obscene = 2, Threat = 3, Insult = 4, Identity = 5;

    public static IEnumerable<LabeledRow> Prepare(string dataDir, Lexicon lexicon)
    {
        var labeler = new WeakLabeler(lexicon);
        return Jigsaw(dataDir).Concat(Civil(dataDir)).Concat(Olid(dataDir)).Concat(Stormfront(dataDir)).Concat(IdentityMentions()).Select(labeler.Apply);
    }

    private static readonly string[] Identities =
    [
        "gay", "lesbian", "bisexual", "transgender", "trans", "queer", "muslim", "jewish", "christian", "catholic", "hindu", "buddhist",
        "sikh", "atheist", "black", "white", "asian", "latino", "hispanic", "mexican", "african", "african american", "arab", "chinese",
        "indian", "pakistani", "immigrant", "refugee", "disabled", "deaf", "blind", "feminist", "palestinian", "israeli", "native american",
        "korean", "japanese", "russian", "ukrainian", "polish", "somali", "nigerian", "haitian", "syrian", "iranian", "irish", "italian",
    ];

    private static readonly string[] Templates =
    [
        "i am a {0} person and i love this city",
        "our new neighbours are {0}",
        "my best friend is {0}",
        "she is {0} and works as a teacher",
        "he grew up in a {0} family",
        "the {0} community center opens on saturday",
        "{0} students joined the debate club this year",
        "being {0} is nothing to be ashamed of",
        "we met a {0} couple at the park",
        "as a {0} woman i agree with the author",
        "as a {0} man i have a different view on this",
        "{0} people have the same rights as everyone else",
        "the {0} festival was lovely this year",
        "my doctor is {0}",
    ];

    // Identity words co-occur with abuse in every source, so the model learns them as abuse
    // (the "unintended bias" of toxicity classifiers). These neutral sentences, all labelled
    // clean, counter that; they share no sentence with the benchmark's identity test set.
    private static IEnumerable<LabeledRow> IdentityMentions()
    {
        var n = 0;
        foreach (var template in Templates)
        {
            foreach (var identity in Identities)
                yield return new LabeledRow($"synthetic:{n++}", string.Format(CultureInfo.InvariantCulture, template, identity), [0, 0, 0, 0, 0, 0]);
        }
    }

    private static sbyte[] Unknown() => [-1, -1, -1, -1, -1, -1];

    private static IEnumerable<LabeledRow> Jigsaw(string dataDir)
    {
        foreach (var r in ReadCsv(Path.Combine(dataDir, "jigsaw_sample", "jigsaw_binary_20k.csv.gz")))
        {
            var labels = Unknown();
            labels[Toxic] = sbyte.Parse(r["label"]);
            yield return new LabeledRow($"jigsaw:{r["id"]}", r["comment_text"], labels);
        }
    }

    private static IEnumerable<LabeledRow> Civil(string dataDir)
    {
        foreach (var r in ReadCsv(Path.Combine(dataDir, "civil_comments_sentences", "train.csv.gz")))
        {
            var labels = Unknown();
            labels[Toxic] = sbyte.Parse(r["toxic"]);
            yield return new LabeledRow($"civil:{r["id"]}", r["comment_text"], labels);
        }
    }

    // OFF → toxic; TIN (targeted insult or threat) → insult; UNT (untargeted profanity) → obscene;
    // GRP (aimed at a group) → identity_hate. NOT rows are negative for all four.
    private static IEnumerable<LabeledRow> Olid(string dataDir)
    {
        foreach (var r in ReadCsv(Path.Combine(dataDir, "olid", "olid_train.csv.gz")))
        {
            var labels = Unknown();
            var offensive = r["subtask_a"] == "OFF";
            labels[Toxic] = offensive ? (sbyte)1 : (sbyte)0;
            labels[Insult] = r["subtask_b"] == "TIN" ? (sbyte)1 : (sbyte)0;
            labels[Obscene] = r["subtask_b"] == "UNT" ? (sbyte)1 : offensive ? (sbyte)-1 : (sbyte)0;
            labels[Identity] = r["subtask_c"] == "GRP" ? (sbyte)1 : (sbyte)0;
            yield return new LabeledRow($"olid:{r["id"]}", r["tweet"], labels);
        }
    }

    // hate → toxic and identity_hate; noHate → 0 for both; "relation" (hateful only in context)
    // and idk/skip rows are left out.
    private static IEnumerable<LabeledRow> Stormfront(string dataDir)
    {
        foreach (var r in ReadCsv(Path.Combine(dataDir, "stormfront", "stormfront_hate.csv.gz")))
        {
            var hate = r["label"] switch { "hate" => (sbyte)1, "noHate" => (sbyte)0, _ => (sbyte)-1 };
            if (hate < 0)
                continue;
            var labels = Unknown();
            labels[Toxic] = labels[Identity] = hate;
            yield return new LabeledRow($"stormfront:{r["file_id"]}", r["text"], labels);
        }
    }

    private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = LabeledCsv.OpenText(path);
        var header = LabeledCsv.ReadRecord(reader) ?? throw new InvalidDataException($"{path} is empty");
        while (LabeledCsv.ReadRecord(reader) is { } record)
        {
            if (record.Count != header.Count)
                continue;
            yield return header.Zip(record).ToDictionary(p => p.First, p => p.Second);
        }
    }
}

// Labeling functions for the labels no source carries (threat, severe_toxic) and the part of
// obscene that only OLID's untargeted profanity covers:
// - threat = 1 when a threat pattern matches (AbusePatterns, "threat: …"), else 0;
// - obscene = 1 when a profanity or insult lexicon entry matches, else the source label, else 0;
// - severe_toxic = 1 when the row is toxic and carries at least two strong signals (distinct
//   profanity/insult/slur entries, a threat, a group-hate pattern), else 0.
public sealed class WeakLabeler(Lexicon lexicon)
{
    private readonly Featurizer featurizer = new(new FeaturizerSettings(HashBits: 10), lexicon);
    private readonly ThreadLocal<FeatureScratch> scratch = new(() => new FeatureScratch());

    public LabeledRow Apply(LabeledRow row)
    {
        var s = scratch.Value!;
        featurizer.Extract(row.Text, s);
        var strong = s.LexiconHits.Where(h => h.Entry.Category is LexiconCategory.Profanity or LexiconCategory.Insult or LexiconCategory.Slur)
            .Select(h => h.Entry.Phrase).Distinct().Count();
        var obscene = s.LexiconHits.Any(h => h.Entry.Category is LexiconCategory.Profanity or LexiconCategory.Insult);
        var threat = s.PatternHits.Any(h => h.Pattern.Category == LexiconCategory.Threat);
        var signals = strong + s.PatternHits.Count;
        var labels = (sbyte[])row.Labels.Clone();
        labels[3] = threat ? (sbyte)1 : (sbyte)0;
        labels[2] = obscene ? (sbyte)1 : labels[2] >= 0 ? labels[2] : (sbyte)0;
        labels[1] = labels[0] == 1 && signals >= 2 ? (sbyte)1 : (sbyte)0;
        return row with { Labels = labels };
    }
}
