export {
  ConfigurationError,
  EngineConfig,
  EVENT_STORE_KINDS,
  eventStoreSettings,
  loadEngineConfig,
} from './engine.config';
export { EngineConfigModule } from './engine-config.module';
