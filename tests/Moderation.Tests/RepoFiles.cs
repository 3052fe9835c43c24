namespace Moderation.Tests;

/// Files the repository itself ships (seeds, models), found from the test binary's folder.
static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Moderation.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Run the tests from inside the repository: Moderation.sln was not found above " + AppContext.BaseDirectory);
    }
}
