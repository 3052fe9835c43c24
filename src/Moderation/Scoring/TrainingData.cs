namespace Moderation.Scoring;

// Maps the four English sources in ../shared/data into the six-label layout (-1 = unknown), then
// adds weak labels from documented labeling functions (see models/MODEL_CARD.md).
public static class TrainingData
{
    private const int Toxic = 0, Severe = 1, Obscene = 2, Threat = 3, Insult = 4, Identity = 5;

    public static IEnumerable<LabeledRow> Prepare(string dataDir, Lexicon lexicon)
    {
        var labeler = new WeakLabeler(lexicon);
        var sources = Jigsaw(dataDir).Concat(Civil(dataDir)).Concat(Olid(dataDir)).Concat(Stormfront(dataDir)).ToList();
        return sources.Concat(IdentityMentions(sources, lexicon.Normalizer)).Select(labeler.Apply);
    }

    private static readonly string[] People =
        ["person", "woman", "man", "student", "teacher", "doctor", "neighbour", "friend", "nurse", "engineer", "writer", "family", "couple", "parent", "athlete"];

    // Short sentences first: in a short text each word weighs more, which is where the bias bites.
    private static readonly string[] Templates =
    [
        "i am {0}",
        "she is {0}",
        "he is {0} too",
        "my boss is {0}",
        "they are {0}",
        "i am {a} {0} {1} and i love this city",
        "my neighbour is {a} {0} {1}",
        "as {a} {0} {1} i agree with the author",
        "{a} {0} {1} spoke at the council meeting",
        "the {0} {1} next door helped us move",
        "being {a} {0} {1} is part of who i am",
        "we hired {a} {0} {1} last month",
        "i met {a} {0} {1} at the library",
        "our {0} {1} won the award this year",
        "she introduced me to {a} {0} {1} from her church",
    ];

    private static readonly string[] PluralTemplates =
    [
        "{0} live in my neighbourhood",
        "many {0} voted in the election",
        "{0} are part of our community",
        "i work with {0} every day",
        "{0} and their families came to the festival",
        "the survey asked {0} about their jobs",
        "{0} have the same rights as everyone",
        "some of my best colleagues are {0}",
        "{0} in our town organised a charity run",
        "the museum has an exhibit about {0} in history",
    ];

    // Identity words co-occur with abuse in every source (65% of training rows saying "gay" are
    // toxic, against 25% overall), so a model learns the words themselves as abuse. Following
    // Dixon et al. (2018), neutral sentences mentioning each identity, labelled clean, are added
    // until its toxic rate falls to the overall rate (at most 150 per adjective, 40 per plural). They share no
    // sentence with the benchmark's identity test set.
    private static IEnumerable<LabeledRow> IdentityMentions(List<LabeledRow> rows, TextNormalizer normalizer)
    {
        var toxic = new Dictionary<string, int>();
        var clean = new Dictionary<string, int>();
        var normalized = new NormalizedText();
        var words = IdentityTerms.Adjectives.Concat(IdentityTerms.Plurals).ToHashSet();
        foreach (var row in rows)
        {
            normalizer.Normalize(row.Text, normalized);
            var counts = row.Labels[Toxic] == 1 ? toxic : clean;
            foreach (var word in Enumerable.Range(0, normalized.TokenCount).Select(normalized.TextOf).Where(words.Contains).Distinct())
                counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        var rate = rows.Count(r => r.Labels[Toxic] == 1) / (double)rows.Count;
        var n = 0;
        foreach (var (word, templates, plural) in IdentityTerms.Adjectives.Select(w => (w, Templates, false)).Concat(IdentityTerms.Plurals.Select(w => (w, PluralTemplates, true))))
        {
            var needed = (int)Math.Ceiling(toxic.GetValueOrDefault(word) * (1 - rate) / rate) - clean.GetValueOrDefault(word);
            var sentences = templates.SelectMany(t => t.Contains("{1}") ? People.Select(p => t.Replace("{1}", p)) : [t]).ToList();
            for (var k = 0; k < Math.Min(needed, plural ? 40 : 150); k++)
            {
                var text = sentences[k % sentences.Count].Replace("{a}", "aeiou".Contains(word[0]) ? "an" : "a").Replace("{0}", word);
                yield return new LabeledRow($"synthetic:{n++}", text, [0, 0, 0, 0, 0, 0]);
            }
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
