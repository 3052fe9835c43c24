namespace Moderation.Cli;

// "--name value" options, bare "--flag" switches and positional words, in any order.
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> values = [];
    private readonly HashSet<string> flags = [];

    public Arguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(args[i]);
                continue;
            }
            var name = args[i][2..];
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && !IsSwitch(name))
            {
                if (!values.TryGetValue(name, out var list))
                    values[name] = list = [];
                list.Add(args[++i]);
            }
            else
            {
                flags.Add(name);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Flag(string name) => flags.Contains(name);

    public string? Optional(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required");

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

    private static bool IsSwitch(string name) => name is "holdout" or "by-source" or "no-rules";
}
