import type { ImageEmbedder } from '../../catalog';

/**
 * No small text-image model ships in a package we can install offline, and the fixture model has no
 * text tower. This gives an image model one for tests: each known word "means" a picture, and its
 * vector is that picture's, as a CLIP text tower puts "apple" near photos of apples. Everything after
 * `embedText` (the vector search over pins, the fusion with text matches) is the real code.
 */
export function withWordTower(embedder: ImageEmbedder, pictures: ReadonlyMap<string, Uint8Array>): ImageEmbedder {
  return {
    get id() {
      return embedder.id;
    },
    get dimensions() {
      return embedder.dimensions;
    },
    hasTextTower: true,
    embedImage: (bytes) => embedder.embedImage(bytes),
    embedImages: (batch) => embedder.embedImages(batch),
    async embedText(text) {
      const picture = pictures.get(text.trim().toLowerCase());
      if (!picture) throw new Error(`the test text tower knows no picture for "${text}"`);
      return embedder.embedImage(picture);
    },
    close: () => embedder.close(),
  };
}
