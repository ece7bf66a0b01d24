/** Version of the radiomics engine, reported in diagnostics and the plugin manifest. */
export const RADIOMICS_VERSION = '1.0.0';
