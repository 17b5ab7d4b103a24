export {
  ConfigurationError,
  EngineConfig,
  EVENT_STORE_KINDS,
  loadEngineConfig,
} from './engine.config';
export { EngineConfigModule } from './engine-config.module';
