import { PageHeader } from '../shell/page-header';

/** What a signed-in user sees on a page their role may not use (the API answers 403 too). */
export function NotAllowed({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <p role="alert">Your role does not allow this page. Ask an owner or admin of your organization.</p>
    </>
  );
}
