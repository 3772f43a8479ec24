import packageJson from '../../package.json' with { type: 'json' };

/** The package version (package.json, which the build copies next to dist/src). */
export const VERSION: string = packageJson.version;
