using System.Security.Cryptography;

namespace Moderation.Ingestion;

/// Hashes exactly the bytes a format reads, so the stored content hash belongs to what was parsed even when the
/// file is overwritten in place while the worker reads it. Formats may dispose the stream they are given (a
/// StreamReader does), so disposing it leaves the hash usable; Finish releases it.
sealed class HashingReadStream(Stream inner) : Stream
{
    readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// Reads whatever the format left unread, then returns the hash of the whole.
    public byte[] Finish()
    {
        var buffer = new byte[1 << 16];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }
        var result = hash.GetHashAndReset();
        hash.Dispose();
        return result;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        hash.AppendData(buffer[..read]);
        return read;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
