#include "trail/gzip.h"

#include <zlib.h>

namespace keysweep {

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Status Gunzip(std::string_view compressed, size_t limit, std::string* out) {
  out->clear();
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return Status::Error("cannot start gzip decoder");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  size_t chunk = std::max<size_t>(compressed.size() * 4, 1 << 16);
  Status status;
  for (;;) {
    if (out->size() >= limit) {
      status = Status::Error("decompressed size exceeds " + std::to_string(limit >> 20) + " MB");
      break;
    }
    size_t old_size = out->size();
    size_t grow = std::min(chunk, limit - old_size);
    out->resize(old_size + grow);
    stream.next_out = reinterpret_cast<Bytef*>(out->data() + old_size);
    stream.avail_out = static_cast<uInt>(grow);
    int rc = inflate(&stream, Z_NO_FLUSH);
    out->resize(old_size + grow - stream.avail_out);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) {  // another gzip member follows
        status = Status::Error("corrupt gzip data");
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      status = Status::Error("truncated gzip data");
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = Status::Error(std::string("corrupt gzip data: ") + (stream.msg ? stream.msg : "inflate failed"));
      break;
    }
  }
  inflateEnd(&stream);
  return status;
}

}  // namespace keysweep
