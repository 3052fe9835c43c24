namespace Moderation.Extraction;

// Disqus exports are known to carry raw control characters from pasted comments, which XML forbids and
// XmlReader rejects even with CheckCharacters off; one such byte would otherwise fail a whole 200 MB export.
// In UTF-8 these bytes never occur inside a multi-byte sequence, so replacing them byte by byte is safe.
internal sealed class XmlControlCharacterFilter(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        foreach (ref var b in buffer[..read])
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r') && b != 0)
            {
                b = (byte)' ';
            }
        }
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
