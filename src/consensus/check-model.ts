// The model checks of block validity, cheapest first, after checkHeader (which bounds the announced size and
// derives the architecture): the file is there and of the header's size, its object root (ml/model/root: the
// segment root, which does not commit to the size, hence the size check first) is the header's, it decodes
// (canonical finite weights), and it holds the architecture the block's work hash derives.
import { bytesEqual } from '../codec/hex.js';
import { BlockError } from '../chain/errors.js';
import type { BlockHeader } from '../chain/header.js';
import { encodeArch } from '../ml/model/arch-codec.js';
import { ByteWriter } from '../ml/model/binary.js';
import { decodeModel } from '../ml/model/codec.js';
import { ModelFileError, type Model } from '../ml/model/model.js';
import { modelRoot } from '../ml/model/root.js';
import type { Architecture } from '../arch/ir.js';
import type { DerivedArchitecture } from './derive-architecture.js';
import type { ConsensusRules } from './rules.js';

export function checkModel(
  rules: ConsensusRules,
  header: BlockHeader,
  file: Uint8Array | undefined,
  derived: DerivedArchitecture,
): Model {
  if (file === undefined) throw new BlockError('model-missing', 'the model file of this block is not available');
  if (file.length !== header.modelSize || file.length === 0) {
    throw new BlockError(
      'model-size-mismatch',
      `the file has ${file.length} bytes, the header says ${header.modelSize}`,
    );
  }
  if (!bytesEqual(modelRoot(file), header.modelRoot))
    throw new BlockError('model-root-mismatch', 'the model file is not the one the header commits to');
  let model: Model;
  try {
    model = decodeModel(file);
  } catch (err) {
    if (err instanceof ModelFileError) throw new BlockError('model-undecodable', err.message);
    throw err;
  }
  if (!bytesEqual(model.grammarId, rules.grammarId) || model.phenotype !== derived.phenotype) {
    throw new BlockError(
      'wrong-architecture',
      `the work hash derives "${derived.phenotype}", the model holds "${model.phenotype}"`,
    );
  }
  if (!bytesEqual(archBytes(model.arch), archBytes(derived.arch))) {
    throw new BlockError(
      'wrong-architecture',
      'the model architecture is not the one its phenotype builds for the problem',
    );
  }
  return model;
}

function archBytes(arch: Architecture): Uint8Array {
  const w = new ByteWriter();
  encodeArch(w, arch);
  return w.finish();
}
