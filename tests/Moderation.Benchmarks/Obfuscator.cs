using System.Text;
using Moderation.Scoring;

namespace Moderation.Benchmarks;

// Rewrites the abusive words of a text the ways abusers do: masking, spacing, leetspeak,
// stretching, homoglyphs, dotting, invisible characters and full-width letters. Which words are
// abusive comes from the lexicon (strong categories) plus common insults; the kind of disguise
// is drawn from a seeded generator, so a copy is reproducible.
public sealed class Obfuscator(Lexicon lexicon, int seed)
{
    private static readonly string[] Insults =
    [
        "idiot", "idiots", "stupid", "moron", "morons", "dumb", "loser", "losers", "hate", "kill", "die", "ugly", "fat", "suck", "sucks",
        "pathetic", "scum", "trash", "garbage", "jerk", "fool", "fools", "liar", "disgusting", "retarded", "crap", "hell", "damn",
        "racist", "nazi", "pig", "pigs", "shut", "ignorant", "worthless", "coward", "filthy", "evil", "vandal", "fucking", "bitch",
    ];

    private static readonly Dictionary<char, char> Homoglyphs = new()
    {
        ['a'] = 'а', ['e'] = 'е', ['o'] = 'о', ['p'] = 'р', ['c'] = 'с', ['i'] = 'і', ['x'] = 'х', ['y'] = 'у', ['s'] = 'ѕ',
    };

    private static readonly Dictionary<char, char> Leet = new() { ['a'] = '4', ['e'] = '3', ['i'] = '1', ['o'] = '0', ['s'] = '$', ['t'] = '7' };

    private readonly HashSet<string> abusive = lexicon.Entries
        .Where(e => e.Category is LexiconCategory.Profanity or LexiconCategory.Insult or LexiconCategory.Slur && e.Tokens.Length == 1)
        .Select(e => e.Tokens[0]).Concat(Insults).ToHashSet();

    private readonly Random random = new(seed);

    public int Perturbed { get; private set; }

    public string Obfuscate(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        var changed = false;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                sb.Append(text[i++]);
                continue;
            }
            var j = i;
            while (j < text.Length && char.IsLetter(text[j]))
                j++;
            var word = text[i..j];
            if (word.Length >= 3 && abusive.Contains(word.ToLowerInvariant()))
            {
                sb.Append(Disguise(word));
                changed = true;
            }
            else
            {
                sb.Append(word);
            }
            i = j;
        }
        if (changed)
            Perturbed++;
        return sb.ToString();
    }

    private string Disguise(string word)
    {
        var middle = 1 + random.Next(word.Length - 2);
        switch (random.Next(8))
        {
            case 0:
                var masked = 1 + random.Next(Math.Min(2, word.Length - 1 - middle));
                return word[..middle] + new string('*', masked) + word[(middle + masked)..];
            case 1:
                return string.Join(' ', word.ToCharArray());
            case 2:
                var leet = word.ToCharArray();
                for (var k = 0; k < leet.Length; k++)
                {
                    if (Leet.TryGetValue(char.ToLowerInvariant(leet[k]), out var l) && random.Next(2) == 0)
                        leet[k] = l;
                }
                return new string(leet);
            case 3:
                return word[..middle] + new string(word[middle], 3 + random.Next(4)) + word[(middle + 1)..];
            case 4:
                var glyphs = word.ToCharArray();
                for (var k = 0; k < glyphs.Length; k++)
                {
                    if (Homoglyphs.TryGetValue(glyphs[k], out var g) && random.Next(2) == 0)
                        glyphs[k] = g;
                }
                return new string(glyphs);
            case 5:
                return string.Join('.', word.ToCharArray());
            case 6:
                return word[..middle] + "\u200B" + word[middle..];
            default:
                return new string(word.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c).ToArray());
        }
    }
}
