using System.Text.RegularExpressions;

namespace Moderation.Scoring;

public sealed record AbusePattern(string Name, LexiconCategory Category, Regex Regex);

public readonly record struct PatternHit(AbusePattern Pattern, int Start, int End);

// Phrase patterns over normalized text for abuse that no word list catches: threats, group
// hate tropes and sexual insults aimed at someone's family. They serve twice: as labeling
// functions for labels our data lacks (threat, severe_toxic), and as the rule layer at scoring time.
public static class AbusePatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private const string Groups = "jews|muslims|blacks|negroes|gays|immigrants|mexicans|arabs|whites|women|africans|asians|chinese|indians|refugees|migrants|homosexuals|lesbians|christians|hindus";

    public static readonly AbusePattern[] All =
    [
        new("threat: I will kill you", LexiconCategory.Threat,
            new Regex(@"\b(i ll|ill|i will|i m going to|im going to|i am going to|i m gonna|im gonna|gonna|we will|we ll|we are going to) (\w+ )?(kill|murder|shoot|stab|hang|behead|slaughter|rape|strangle|choke|hunt down|beat|burn|bury|gut|skin|cut) (you|u|him|her|them|ya|your|y all|all of you)\b", Options)),
        new("threat: should be shot", LexiconCategory.Threat,
            new Regex(@"\b(should|must|ought to|needs? to|deserves? to|ought) (all )?(be|get) (shot|hanged|hung|killed|executed|lynched|gassed|burned|beheaded|murdered|raped|exterminated|slaughtered|put down|strung up)\b", Options)),
        new("threat: hope you die", LexiconCategory.Threat,
            new Regex(@"\b(hope|wish|pray) (you|u|he|she|they|ya) (die|dies|get raped|gets raped|get cancer|burn|rot|choke)\b", Options)),
        new("threat: kill yourself", LexiconCategory.Threat,
            new Regex(@"\b(go )?(kill|hang) (yourself|urself|yourselves|ya self)\b|\bkys\b", Options)),
        new("threat: deserves to die", LexiconCategory.Threat,
            new Regex(@"\b(deserves?|deserve) to die\b|\byou (will|ll|are going to|re going to|are gonna) die\b|\bi know where you live\b", Options)),
        new("threat: kill a group", LexiconCategory.Threat,
            new Regex(@"\b(kill|shoot|hang|gas|exterminate|deport|lynch) (all )?(the |those |these )?(" + Groups + @")\b", Options)),
        new("hate: conspiracy trope", LexiconCategory.Slur,
            new Regex(@"\b(jews|jewish \w+|zionists|zionist \w+) (that |who )?(control|controls|run|runs|own|owns|rule|rules)\b", Options)),
        new("hate: dehumanizing a group", LexiconCategory.Slur,
            new Regex(@"\b(" + Groups + @") are (all |just |nothing but )?(animals|vermin|rats|parasites|subhuman|savages|apes|monkeys|cockroaches|a disease|a cancer|inferior|filth|scum|pigs|dogs)\b", Options)),
        new("hate: insulting a race", LexiconCategory.Slur,
            new Regex(@"\b(white|black|asian|jewish|muslim|gay|mexican|arab) (guys|people|men|women|folks|boys|girls) (are|came|come|is) (so |all |just )?(stupid|dumb|idiots|retarded|ugly|lazy|worthless|trash)\b", Options)),
        new("insult: family as prostitutes", LexiconCategory.Insult,
            new Regex(@"\b(your|their|his|ur|yo) (\w+ )?(mothers?|moms?|mums?|sisters?|wife|wives|daughters?|widows?|women|girlfriends?)( and (\w+ )?(mothers?|moms?|sisters?|wife|wives|daughters?|widows?))? (is|are|as|will be|become|was) (a |the |just |nothing but )?(whores?|sluts?|prostitutes?|hookers?|sex slaves?)\b", Options)),
    ];

    public static void Match(NormalizedText text, List<PatternHit> hits)
    {
        hits.Clear();
        var chars = text.Chars.AsSpan(0, text.Length);
        foreach (var pattern in All)
        {
            foreach (var m in pattern.Regex.EnumerateMatches(chars))
            {
                if (m.Length > 0)
                    hits.Add(new PatternHit(pattern, text.Starts[m.Index], text.Ends[m.Index + m.Length - 1]));
            }
        }
    }
}
