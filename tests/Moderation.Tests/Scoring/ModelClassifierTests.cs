using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class ModelClassifierTests
{
    private static readonly Lazy<ToxicityModel> Model = new(TrainTinyModel);

    // A few hundred rows from templates: enough for the trainer to run end to end in a second.
    private static ToxicityModel TrainTinyModel()
    {
        string[] nice = ["thanks for the article", "I agree with this point", "great weather today", "the council meets on monday", "see you at the game"];
        string[] nasty = ["you are a stupid idiot", "shut up you moron", "what an idiot you are", "you stupid fool", "go away loser"];
        var rows = new List<LabeledRow>();
        for (var i = 0; i < 300; i++)
        {
            var toxic = i % 3 == 0;
            var text = (toxic ? nasty : nice)[i % 5] + $" number {i}";
            rows.Add(new LabeledRow($"test:{i}", text, [(sbyte)(toxic ? 1 : 0), 0, -1, 0, (sbyte)(toxic ? 1 : 0), -1]));
        }
        var options = new TrainingOptions(new FeaturizerSettings(HashBits: 14), [1e-2, 1e-3], [1e-2], 40, 20, 0.004);
        return new Trainer(TestLexicon.Instance, options, _ => { }).Train(rows, "0123456789abcdef");
    }

    [Fact]
    public void TrainedModelSeparatesTheClasses()
    {
        var classifier = new ModelClassifier(Model.Value);
        Assert.True(classifier.Score("you are a stupid idiot")[ToxicityLabel.Toxic] > 0.5);
        Assert.True(classifier.Score("thanks for the article")[ToxicityLabel.Toxic] < 0.5);
    }

    [Fact]
    public void SaveAndLoadGiveTheSameScores()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.model");
        try
        {
            ModelFile.Save(Model.Value, path);
            var loaded = ModelClassifier.Load(path);
            var original = new ModelClassifier(Model.Value);
            Assert.Equal(original.ModelVersion, loaded.ModelVersion);
            Assert.Equal(Model.Value.Header.Lexicon, loaded.Header.Lexicon);
            foreach (var text in new[] { "you stupid fool", "see you at the game", "f*ck" })
            {
                var a = original.Score(text).Scores;
                var b = loaded.Score(text).Scores;
                for (var l = 0; l < a.Length; l++)
                    Assert.Equal(a[l], b[l], 2);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LexiconHitsRaiseTheirLabelAndPointAtTheWrittenWord()
    {
        const string text = "well f*ck this";
        var p = new ModelClassifier(Model.Value).Score(text);
        Assert.True(p[ToxicityLabel.Obscene] >= 0.8f);
        Assert.Contains(p.Reasons, r => r.Source == "lexicon" && r.Label == ToxicityLabel.Obscene);
        var span = p.Spans.First(s => s.Label == ToxicityLabel.Obscene);
        Assert.Equal("f*ck", text[span.Start..span.End]);
    }

    [Theory]
    [InlineData("the word 'kike' is a slur")]
    [InlineData("calling someone a kike is hateful")]
    [InlineData("he was banned for writing that muslims are animals")]
    public void MentionedSlursAreNotRaised(string text)
    {
        var p = new ModelClassifier(Model.Value).Score(text);
        Assert.DoesNotContain(p.Spans, s => s.Label == ToxicityLabel.IdentityHate && s.Weight >= 0.8f);
        Assert.Contains(p.Reasons, r => r.Detail.StartsWith("quoted or mentioned", StringComparison.Ordinal));
    }

    [Fact]
    public void CondemnedQuotesDoNotCountButTheSameWordsUsedDo()
    {
        var classifier = new ModelClassifier(Model.Value);
        Assert.True(classifier.Score("you are a stupid idiot")[ToxicityLabel.Toxic] > 0.5);
        var quoted = classifier.Score("saying 'you are a stupid idiot' is wrong");
        Assert.True(quoted[ToxicityLabel.Toxic] < 0.5);
        Assert.Contains(quoted.Reasons, r => r.Detail.StartsWith("quoted or reported words discounted", StringComparison.Ordinal));
        Assert.True(classifier.Score("he said 'you are a stupid idiot' and he is right")[ToxicityLabel.Toxic] > 0.5);
        Assert.True(classifier.Score("saying 'you are a stupid idiot' is wrong. you are a stupid idiot")[ToxicityLabel.Toxic] > 0.5);
    }

    [Fact]
    public void CondemnedProfanityStillCounts()
    {
        var p = new ModelClassifier(Model.Value).Score("stop saying f*ck, it is wrong");
        Assert.True(p[ToxicityLabel.Obscene] >= 0.8f);
    }

    [Fact]
    public void UsedSlursAreRaised()
    {
        var p = new ModelClassifier(Model.Value).Score("you kike");
        Assert.True(p[ToxicityLabel.IdentityHate] >= 0.8f);
    }

    [Fact]
    public void QuotedThreatsAreNotRaised()
    {
        var p = new ModelClassifier(Model.Value).Score("Posting 'kill all the jews' got him banned");
        Assert.DoesNotContain(p.Reasons, r => r.Source == "lexicon" && r.Label == ToxicityLabel.Threat);
        Assert.Contains(p.Reasons, r => r.Detail.StartsWith("quoted or mentioned", StringComparison.Ordinal));
    }

    [Fact]
    public void ThreatPatternsRaiseThreat()
    {
        var p = new ModelClassifier(Model.Value).Score("I'm going to kill you tomorrow");
        Assert.True(p[ToxicityLabel.Threat] >= 0.8f);
        Assert.Contains(p.Reasons, r => r.Label == ToxicityLabel.Threat && r.Source == "lexicon");
    }

    [Fact]
    public void ModelSpansPointIntoTheOriginalText()
    {
        const string text = "you are a STUPID idiot";
        var p = new ModelClassifier(Model.Value).Score(text);
        var span = p.Spans.First(s => s.Label == ToxicityLabel.Toxic && p.Reasons.Any(r => r.Source == "model"));
        Assert.InRange(span.Start, 0, text.Length);
        Assert.InRange(span.End, span.Start + 1, text.Length);
    }

    [Fact]
    public void ConcurrentScoringMatchesSequentialScoring()
    {
        var classifier = new ModelClassifier(Model.Value);
        var texts = Enumerable.Range(0, 3000).Select(i => (i % 3) switch
        {
            0 => $"you stupid idiot {i} " + new string('x', i % 300),
            1 => $"saying 'you stupid idiot {i}' is wrong",
            _ => $"the council meets {i}",
        }).ToArray();
        var expected = texts.Select(t => classifier.Score(t)).ToArray();
        var actual = new ToxicityPrediction[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = classifier.Score(texts[i]));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i].Scores, actual[i].Scores);
            Assert.Equal(expected[i].Spans, actual[i].Spans);
            Assert.Equal(expected[i].Reasons, actual[i].Reasons);
        }
    }
}
